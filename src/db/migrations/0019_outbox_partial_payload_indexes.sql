DROP INDEX `outbox_ops_payload_visit`;--> statement-breakpoint
DROP INDEX `outbox_ops_payload_visitor`;--> statement-breakpoint
CREATE INDEX `outbox_ops_payload_visit` ON `outbox_ops` (json_extract("payload", '$.visitId')) WHERE json_extract("payload", '$.visitId') IS NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_ops_payload_visitor` ON `outbox_ops` (json_extract("payload", '$.visitorId')) WHERE json_extract("payload", '$.visitorId') IS NOT NULL;
