CREATE TABLE `notify_failed_ops` (
	`server_seq` integer PRIMARY KEY NOT NULL,
	`op` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` text,
	`last_error` text NOT NULL,
	`first_failed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notify_failed_ops_due` ON `notify_failed_ops` (`status`,`next_attempt_at`);