CREATE TABLE `console_sign_in_failures` (
	`client` text NOT NULL,
	`login` text NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`client`, `login`)
);
--> statement-breakpoint
CREATE INDEX `console_sign_in_failures_updated` ON `console_sign_in_failures` (`updated_at`);