CREATE TABLE `signed_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`visit_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`document_id` text NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`language` text NOT NULL,
	`method` text NOT NULL,
	`typed_name` text,
	`signature_path` text,
	`signature_sha256` text,
	`pdf_path` text NOT NULL,
	`signed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `signed_documents_visitor` ON `signed_documents` (`visitor_id`,`document_id`);--> statement-breakpoint
-- Signatures made before this table existed were recorded only in the check-in's audit entry: copy them.
INSERT INTO `signed_documents` (`id`, `visit_id`, `visitor_id`, `document_id`, `key`, `version`, `language`, `method`, `typed_name`, `signature_path`, `signature_sha256`, `pdf_path`, `signed_at`)
SELECT 'audit-' || a.seq || '-' || s.key,
       json_extract(a.details, '$.visitId'),
       json_extract(a.details, '$.visitorId'),
       json_extract(s.value, '$.documentId'),
       coalesce(json_extract(s.value, '$.key'), ''),
       coalesce(json_extract(s.value, '$.version'), 0),
       coalesce(json_extract(s.value, '$.language'), 'en'),
       coalesce(json_extract(s.value, '$.method'), 'drawn'),
       json_extract(s.value, '$.typedName'),
       json_extract(s.value, '$.signaturePath'),
       json_extract(s.value, '$.signatureSha256'),
       coalesce(json_extract(s.value, '$.pdfPath'), ''),
       coalesce(json_extract(s.value, '$.signedAt'), a.at)
FROM `audit_entries` a, json_each(a.details, '$.signedDocuments') s
WHERE a.outcome = 'ok'
  AND json_extract(a.details, '$.visitorId') IS NOT NULL
  AND json_extract(s.value, '$.documentId') IS NOT NULL;
