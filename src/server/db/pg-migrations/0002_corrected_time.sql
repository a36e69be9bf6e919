CREATE TABLE "admin_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"action" text NOT NULL,
	"details" json NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ops" ADD COLUMN "corrected_at" text;