CREATE TABLE `site_setup_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`created_at` text NOT NULL,
	`claimed_at` text,
	`staff_id` text,
	`station_id` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
