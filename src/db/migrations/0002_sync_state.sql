CREATE TABLE `sync_entities` (
	`kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`state` text NOT NULL,
	`version` integer NOT NULL,
	PRIMARY KEY(`kind`, `entity_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_held_ops` (
	`op_id` text PRIMARY KEY NOT NULL,
	`direction` text NOT NULL,
	`reason` text NOT NULL,
	`server_seq` integer,
	`op` text NOT NULL,
	`held_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_sent_ops` (
	`station_seq` integer PRIMARY KEY NOT NULL,
	`op_id` text NOT NULL,
	`server_seq` integer NOT NULL,
	`op` text NOT NULL,
	`acked_at` text NOT NULL
);
