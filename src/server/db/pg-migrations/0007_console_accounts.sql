CREATE TABLE "console_admins" (
	"id" text PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"disabled_at" text
);
--> statement-breakpoint
CREATE TABLE "console_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"admin_id" text NOT NULL,
	"created_at" text NOT NULL,
	"last_used_at" text NOT NULL,
	"expires_at" text NOT NULL,
	"client" text NOT NULL,
	"ended_at" text,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_admin_id_console_admins_id_fk" FOREIGN KEY ("admin_id") REFERENCES "public"."console_admins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "console_admins_login" ON "console_admins" USING btree ("login");--> statement-breakpoint
CREATE INDEX "console_sessions_admin" ON "console_sessions" USING btree ("admin_id");