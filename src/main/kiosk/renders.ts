// PDFs a check-in leaves behind (signed copies, the badge) are rendered after its transaction commits:
// pdfkit is asynchronous and a write handler is not, and a slow render must never hold up the visitor.
// A failed render is logged; the facts (signature image, badge content) are already in place.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CallContext, StationCore } from '../core/context';

export function afterCommitRender(
  ctx: CallContext,
  absolutePath: string,
  render: () => Promise<Buffer>,
): void {
  ctx.afterCommit(() => {
    const set = ctx.station.renders;
    const work = render()
      .then((bytes) => {
        mkdirSync(path.dirname(absolutePath), { recursive: true, mode: 0o700 }); // owner-only, as VisitFiles
        writeFileSync(absolutePath, bytes, { mode: 0o600 });
      })
      .catch((error: unknown) => console.error(`Could not render ${absolutePath}`, error))
      .finally(() => set.delete(work));
    set.add(work);
  });
}

/** Resolves once every render started so far has finished (tests, and a clean shutdown). */
export async function kioskRendersSettled(station: StationCore): Promise<void> {
  await Promise.all([...station.renders]);
}
