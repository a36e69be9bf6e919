ALTER TABLE `watchlist_entries` ADD `local_rev` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `watchlist_entries_local_rev` ON `watchlist_entries` (`local_rev`);--> statement-breakpoint
-- Every insert or update of a watchlist entry takes the next local revision (recursive triggers are off,
-- so the UPDATE inside these triggers does not fire them again).
CREATE TRIGGER watchlist_entries_rev_insert AFTER INSERT ON watchlist_entries
BEGIN
  UPDATE watchlist_entries SET local_rev = (SELECT coalesce(max(local_rev), 0) + 1 FROM watchlist_entries) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER watchlist_entries_rev_update AFTER UPDATE ON watchlist_entries
BEGIN
  UPDATE watchlist_entries SET local_rev = (SELECT coalesce(max(local_rev), 0) + 1 FROM watchlist_entries) WHERE id = NEW.id;
END;
