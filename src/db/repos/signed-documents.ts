// Document versions visitors signed at this station's kiosk (src/db/schema.ts signedDocuments).
import { eq } from 'drizzle-orm';
import type { Db } from '../open';
import { signedDocuments } from '../schema';

export type SignedDocumentRow = typeof signedDocuments.$inferSelect;

export const signedDocumentsRepo = {
  insert(db: Db, row: SignedDocumentRow): void {
    db.insert(signedDocuments).values(row).run();
  },
  /** The ids of the document versions a visitor has signed here, at any visit. */
  documentIdsSignedBy(db: Db, visitorId: string): Set<string> {
    const rows = db
      .selectDistinct({ documentId: signedDocuments.documentId })
      .from(signedDocuments)
      .where(eq(signedDocuments.visitorId, visitorId))
      .all();
    return new Set(rows.map((r) => r.documentId));
  },
};
