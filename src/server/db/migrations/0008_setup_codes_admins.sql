CREATE TABLE `server_admins` (
	`id` text PRIMARY KEY NOT NULL,
	`login` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_admins_login_unique` ON `server_admins` (`login`);--> statement-breakpoint
CREATE TABLE `site_setup_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`created_at` text NOT NULL,
	`claimed_at` text,
	`staff_id` text,
	`station_id` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
