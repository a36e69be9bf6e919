-- Full-text search over visits: one FTS5 row per visit (rowid = the visit's rowid) with the visitor's
-- name, their company and the host's name. Triggers keep it in step with visits, visitors and hosts, so
-- every writer (desk, kiosk, sync) updates it without knowing it exists. Accents and case are ignored;
-- prefix indexes make "smi*" as fast as "smith". Tables without an INTEGER PRIMARY KEY may get new rowids
-- from VACUUM: run `INSERT INTO visit_search(visit_search) VALUES ('rebuild')`-style repopulation
-- (DELETE FROM visit_search, then the INSERT … SELECT below) after one.
CREATE VIRTUAL TABLE visit_search USING fts5(
  visitor, company, host,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
INSERT INTO visit_search(rowid, visitor, company, host)
  SELECT v.rowid, p.name, coalesce(p.company, ''), coalesce(h.name, '')
  FROM visits v JOIN visitors p ON p.id = v.visitor_id LEFT JOIN hosts h ON h.id = v.host_id;
--> statement-breakpoint
CREATE TRIGGER visit_search_insert AFTER INSERT ON visits
BEGIN
  INSERT INTO visit_search(rowid, visitor, company, host)
    SELECT NEW.rowid, p.name, coalesce(p.company, ''), coalesce((SELECT name FROM hosts WHERE id = NEW.host_id), '')
    FROM visitors p WHERE p.id = NEW.visitor_id;
END;
--> statement-breakpoint
CREATE TRIGGER visit_search_update AFTER UPDATE OF visitor_id, host_id ON visits
BEGIN
  DELETE FROM visit_search WHERE rowid = OLD.rowid;
  INSERT INTO visit_search(rowid, visitor, company, host)
    SELECT NEW.rowid, p.name, coalesce(p.company, ''), coalesce((SELECT name FROM hosts WHERE id = NEW.host_id), '')
    FROM visitors p WHERE p.id = NEW.visitor_id;
END;
--> statement-breakpoint
CREATE TRIGGER visit_search_delete AFTER DELETE ON visits
BEGIN
  DELETE FROM visit_search WHERE rowid = OLD.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER visit_search_visitor AFTER UPDATE OF name, company ON visitors
BEGIN
  UPDATE visit_search SET visitor = NEW.name, company = coalesce(NEW.company, '')
    WHERE rowid IN (SELECT rowid FROM visits WHERE visitor_id = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER visit_search_host AFTER UPDATE OF name ON hosts
BEGIN
  UPDATE visit_search SET host = NEW.name
    WHERE rowid IN (SELECT rowid FROM visits WHERE host_id = NEW.id);
END;
