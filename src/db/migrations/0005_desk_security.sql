CREATE TABLE `evacuation_people` (
	`evacuation_id` text NOT NULL,
	`visit_id` text NOT NULL,
	`name` text NOT NULL,
	`company` text,
	`host_name` text,
	`checked_in_at` text,
	`safe_at` text,
	`safe_by` text,
	PRIMARY KEY(`evacuation_id`, `visit_id`),
	FOREIGN KEY (`evacuation_id`) REFERENCES `evacuations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`safe_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `evacuations` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`started_at` text NOT NULL,
	`started_by` text,
	`ended_at` text,
	`ended_by` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evacuations_site_started` ON `evacuations` (`site_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `incident_events` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`kind` text NOT NULL,
	`note` text,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_events_incident` ON `incident_events` (`incident_id`,`at`);--> statement-breakpoint
CREATE INDEX `visits_visitor` ON `visits` (`visitor_id`);--> statement-breakpoint
CREATE INDEX `visits_host_expected` ON `visits` (`host_id`,`expected_at`);