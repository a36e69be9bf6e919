CREATE TABLE `enrollment_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`claimed_at` text,
	`station_id` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `entities` (
	`kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`site_id` text,
	`state` text NOT NULL,
	`version` integer NOT NULL,
	PRIMARY KEY(`kind`, `entity_id`)
);
--> statement-breakpoint
CREATE INDEX `entities_site` ON `entities` (`site_id`);--> statement-breakpoint
CREATE TABLE `ops` (
	`server_seq` integer PRIMARY KEY NOT NULL,
	`op_id` text NOT NULL,
	`station_id` text NOT NULL,
	`station_seq` integer NOT NULL,
	`type` text NOT NULL,
	`entity_id` text NOT NULL,
	`site_id` text,
	`payload` text NOT NULL,
	`occurred_at` text NOT NULL,
	`schema_version` integer NOT NULL,
	`received_at` text NOT NULL,
	`applied` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ops_station_seq` ON `ops` (`station_id`,`station_seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `ops_op_id` ON `ops` (`op_id`);--> statement-breakpoint
CREATE INDEX `ops_site_seq` ON `ops` (`site_id`,`server_seq`);--> statement-breakpoint
CREATE TABLE `rejected_ops` (
	`station_id` text NOT NULL,
	`station_seq` integer NOT NULL,
	`op_id` text NOT NULL,
	`reason` text NOT NULL,
	`message` text NOT NULL,
	`op` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`station_id`, `station_seq`)
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`default_language` text DEFAULT 'en' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stations` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`credential_hash` text NOT NULL,
	`public_key` text,
	`key_id` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_seen_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stations_credential` ON `stations` (`credential_hash`);