ALTER TABLE "enrollment_codes" ADD COLUMN "id" text;--> statement-breakpoint
-- Codes made before this release get a handle too, so the console can list and end them.
UPDATE "enrollment_codes" SET "id" = md5(random()::text || "code_hash") WHERE "id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_codes_id" ON "enrollment_codes" USING btree ("id");
