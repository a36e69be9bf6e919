ALTER TABLE `visitors` ADD `anonymised_at` text;--> statement-breakpoint
CREATE INDEX `visitors_to_anonymise` ON `visitors` (`created_at`) WHERE "visitors"."anonymised_at" IS NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `anonymised_at` text;--> statement-breakpoint
CREATE INDEX `visits_to_anonymise` ON `visits` (`site_id`,`expected_at`) WHERE "visits"."anonymised_at" IS NULL;