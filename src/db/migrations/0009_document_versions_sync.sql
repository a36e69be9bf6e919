DROP INDEX `visitor_type_documents_version`;--> statement-breakpoint
CREATE INDEX `visitor_type_documents_version` ON `visitor_type_documents` (`visitor_type_id`,`key`,`version`);