// The station's own record of host notifications it raised (a visitor arrived); the sync server's
// notification service does the delivering.
import type { Db } from '../open';
import { notifications } from '../schema';

export const notificationsRepo = {
  insert(db: Db, row: typeof notifications.$inferInsert): void {
    db.insert(notifications).values(row).run();
  },
};
