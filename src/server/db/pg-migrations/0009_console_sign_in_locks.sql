CREATE TABLE "console_sign_in_failures" (
	"client" text NOT NULL,
	"login" text NOT NULL,
	"failures" integer NOT NULL,
	"locked_until" text,
	"updated_at" text NOT NULL,
	CONSTRAINT "console_sign_in_failures_client_login_pk" PRIMARY KEY("client","login")
);
--> statement-breakpoint
CREATE INDEX "console_sign_in_failures_updated" ON "console_sign_in_failures" USING btree ("updated_at");