CREATE INDEX `evacuation_people_visit` ON `evacuation_people` (`visit_id`);--> statement-breakpoint
CREATE INDEX `notifications_visit` ON `notifications` (`visit_id`);--> statement-breakpoint
CREATE INDEX `outbox_ops_entity` ON `outbox_ops` (`entity_id`);--> statement-breakpoint
CREATE INDEX `outbox_ops_payload_visit` ON `outbox_ops` (json_extract("payload", '$.visitId'));--> statement-breakpoint
CREATE INDEX `outbox_ops_payload_visitor` ON `outbox_ops` (json_extract("payload", '$.visitorId'));--> statement-breakpoint
CREATE INDEX `print_jobs_visit` ON `print_jobs` (`visit_id`);--> statement-breakpoint
CREATE INDEX `signed_documents_visit` ON `signed_documents` (`visit_id`);--> statement-breakpoint
CREATE INDEX `sync_sent_ops_entity` ON `sync_sent_ops` (json_extract("op", '$.entityId'));--> statement-breakpoint
CREATE INDEX `sync_sent_ops_payload_visit` ON `sync_sent_ops` (json_extract("op", '$.payload.visitId'));--> statement-breakpoint
CREATE INDEX `sync_sent_ops_payload_visitor` ON `sync_sent_ops` (json_extract("op", '$.payload.visitorId'));