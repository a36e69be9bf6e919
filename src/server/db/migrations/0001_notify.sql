CREATE TABLE `approval_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`visit_id` text NOT NULL,
	`step` integer NOT NULL,
	`approver` text NOT NULL,
	`language` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`visit_id`) REFERENCES `approvals`(`visit_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_tokens_visit` ON `approval_tokens` (`visit_id`,`step`);--> statement-breakpoint
CREATE TABLE `approvals` (
	`visit_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`steps` text NOT NULL,
	`step` integer NOT NULL,
	`step_started_at` text NOT NULL,
	`escalated_at` text,
	`status` text NOT NULL,
	`decided_by` text,
	`reason` text,
	`decided_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approvals_pending` ON `approvals` (`status`,`step_started_at`);--> statement-breakpoint
CREATE TABLE `delegations` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` text NOT NULL,
	`delegate_host_id` text NOT NULL,
	`from_at` text NOT NULL,
	`until_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `delegations_host` ON `delegations` (`host_id`,`until_at`);--> statement-breakpoint
CREATE TABLE `host_flags` (
	`host_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notify_attempts` (
	`message_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`ok` integer NOT NULL,
	`status_code` integer,
	`detail` text,
	PRIMARY KEY(`message_id`, `attempt`),
	FOREIGN KEY (`message_id`) REFERENCES `notify_messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notify_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`site_id` text,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`host_id` text,
	`event` text NOT NULL,
	`visit_id` text,
	`content` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`sent_at` text,
	`read_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notify_messages_key` ON `notify_messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `notify_messages_due` ON `notify_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notify_messages_site` ON `notify_messages` (`site_id`,`channel`,`created_at`);--> statement-breakpoint
CREATE TABLE `notify_profiles` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `notify_state` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`active` integer NOT NULL,
	`created_at` text NOT NULL
);
