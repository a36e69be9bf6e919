CREATE TABLE "site_setup_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"created_at" text NOT NULL,
	"claimed_at" text,
	"staff_id" text,
	"station_id" text
);
--> statement-breakpoint
ALTER TABLE "site_setup_codes" ADD CONSTRAINT "site_setup_codes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;