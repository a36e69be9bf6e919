CREATE TABLE `legal_holds` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text,
	`visit_id` text,
	`reason` text NOT NULL,
	`placed_by` text,
	`released_at` text,
	`released_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_holds_active_visitor` ON `legal_holds` (`visitor_id`) WHERE "legal_holds"."released_at" IS NULL;--> statement-breakpoint
CREATE INDEX `legal_holds_active_visit` ON `legal_holds` (`visit_id`) WHERE "legal_holds"."released_at" IS NULL;