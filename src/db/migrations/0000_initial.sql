CREATE TABLE `audit_entries` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`station_id` text NOT NULL,
	`actor_id` text,
	`role` text NOT NULL,
	`action` text NOT NULL,
	`outcome` text NOT NULL,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_entries_id` ON `audit_entries` (`id`);--> statement-breakpoint
CREATE TABLE `gate_events` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`station_id` text NOT NULL,
	`pass_id` text,
	`visit_id` text,
	`direction` text NOT NULL,
	`granted` integer NOT NULL,
	`reason` text NOT NULL,
	`override_by` text,
	`occurred_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gate_events_pass` ON `gate_events` (`pass_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `hosts` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`search_name` text NOT NULL,
	`email` text,
	`phone` text,
	`department` text,
	`staff_user_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hosts_site_search` ON `hosts` (`site_id`,`search_name`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`visit_id` text,
	`visitor_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_site_status` ON `incidents` (`site_id`,`status`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`host_id` text,
	`visit_id` text,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`read_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `hosts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox_ops` (
	`op_id` text PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`station_seq` integer NOT NULL,
	`type` text NOT NULL,
	`entity_id` text NOT NULL,
	`payload` text NOT NULL,
	`occurred_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_ops_station_seq` ON `outbox_ops` (`station_id`,`station_seq`);--> statement-breakpoint
CREATE TABLE `passes` (
	`id` text PRIMARY KEY NOT NULL,
	`visit_id` text NOT NULL,
	`site_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`zone_ids` text NOT NULL,
	`multi_entry` integer DEFAULT true NOT NULL,
	`issued_by_station_id` text NOT NULL,
	`key_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `passes_token_hash` ON `passes` (`token_hash`);--> statement-breakpoint
CREATE INDEX `passes_visit` ON `passes` (`visit_id`);--> statement-breakpoint
CREATE TABLE `print_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`visit_id` text,
	`printer` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` text,
	`document_path` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `print_jobs_status` ON `print_jobs` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`default_language` text DEFAULT 'en' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff_users` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`login` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`pin_hash` text,
	`password_hash` text,
	`badge_code` text,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_users_site_login` ON `staff_users` (`site_id`,`login`);--> statement-breakpoint
CREATE TABLE `stations` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text,
	`name` text NOT NULL,
	`kind` text,
	`language` text DEFAULT 'en' NOT NULL,
	`public_key` text,
	`key_id` text,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`stream` text PRIMARY KEY NOT NULL,
	`server_seq` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visitor_type_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`visitor_type_id` text NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`titles` text NOT NULL,
	`bodies` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`visitor_type_id`) REFERENCES `visitor_types`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visitor_type_documents_version` ON `visitor_type_documents` (`visitor_type_id`,`key`,`version`);--> statement-breakpoint
CREATE TABLE `visitor_types` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`names` text NOT NULL,
	`color` text NOT NULL,
	`photo` text DEFAULT 'optional' NOT NULL,
	`requires_id` integer DEFAULT false NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL,
	`custom_fields` text DEFAULT '[]' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`search_name` text NOT NULL,
	`company` text,
	`email` text,
	`phone` text,
	`photo_path` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visitors_email` ON `visitors` (`email`);--> statement-breakpoint
CREATE INDEX `visitors_phone` ON `visitors` (`phone`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`host_id` text,
	`visitor_type_id` text,
	`status` text NOT NULL,
	`expected_at` text,
	`checked_in_at` text,
	`checked_out_at` text,
	`check_out_method` text,
	`invite_code` text,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`notes` text,
	`timezone` text NOT NULL,
	`created_by_station_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `hosts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_type_id`) REFERENCES `visitor_types`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visits_site_status` ON `visits` (`site_id`,`status`);--> statement-breakpoint
CREATE INDEX `visits_site_expected` ON `visits` (`site_id`,`expected_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `visits_invite_code` ON `visits` (`invite_code`);--> statement-breakpoint
CREATE TABLE `watchlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`date_of_birth` text,
	`id_number` text,
	`reason` text NOT NULL,
	`level` text NOT NULL,
	`expires_at` text,
	`added_by` text,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `zones` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`capacity` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `zones_site` ON `zones` (`site_id`);