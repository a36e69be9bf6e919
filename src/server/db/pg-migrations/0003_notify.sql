CREATE TABLE "approval_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"step" integer NOT NULL,
	"approver" text NOT NULL,
	"language" text NOT NULL,
	"expires_at" text NOT NULL,
	"used_at" text
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"visit_id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"steps" json NOT NULL,
	"step" integer NOT NULL,
	"step_started_at" text NOT NULL,
	"escalated_at" text,
	"status" text NOT NULL,
	"decided_by" text,
	"reason" text,
	"decided_at" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegations" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"delegate_host_id" text NOT NULL,
	"from_at" text NOT NULL,
	"until_at" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "host_flags" (
	"host_id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	"at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_attempts" (
	"message_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"at" text NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"detail" text,
	CONSTRAINT "notify_attempts_message_id_attempt_pk" PRIMARY KEY("message_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "notify_failed_ops" (
	"server_seq" bigint PRIMARY KEY NOT NULL,
	"op" json NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" text,
	"last_error" text NOT NULL,
	"first_failed_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"site_id" text,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"host_id" text,
	"event" text NOT NULL,
	"visit_id" text,
	"content" json NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text NOT NULL,
	"last_error" text,
	"sent_at" text,
	"read_at" text,
	"created_at" text NOT NULL,
	"claimed_by" integer
);
--> statement-breakpoint
CREATE TABLE "notify_profiles" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"value" json NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "notify_profiles_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE TABLE "notify_state" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"url" text NOT NULL,
	"events" json NOT NULL,
	"secret" text NOT NULL,
	"active" boolean NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_tokens" ADD CONSTRAINT "approval_tokens_visit_id_approvals_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."approvals"("visit_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_attempts" ADD CONSTRAINT "notify_attempts_message_id_notify_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."notify_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_tokens_visit" ON "approval_tokens" USING btree ("visit_id","step");--> statement-breakpoint
CREATE INDEX "approvals_pending" ON "approvals" USING btree ("status","step_started_at");--> statement-breakpoint
CREATE INDEX "delegations_host" ON "delegations" USING btree ("host_id","until_at");--> statement-breakpoint
CREATE INDEX "notify_failed_ops_due" ON "notify_failed_ops" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notify_messages_key" ON "notify_messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "notify_messages_due" ON "notify_messages" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notify_messages_site" ON "notify_messages" USING btree ("site_id","channel","created_at");