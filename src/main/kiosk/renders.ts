// PDFs a check-in leaves behind (signed copies, the badge) are rendered after its transaction commits:
// pdfkit is asynchronous and a write handler is not, and a slow render must never hold up the visitor.
// A failed render is logged; the facts (signature image, badge content) are already in place.
import type { CallContext, StationCore } from '../core/context';
import type { VisitFiles } from './files';

/** Renders after commit and writes the PDF, sealed like every visit file, at `relative` (from `files`). */
export function afterCommitRender(
  ctx: CallContext,
  files: VisitFiles,
  relative: string,
  render: () => Promise<Buffer>,
): void {
  ctx.afterCommit(() => {
    const set = ctx.station.renders;
    const work = render()
      .then((bytes) => files.writeAt(relative, bytes))
      .catch((error: unknown) => console.error(`Could not render ${relative}`, error))
      .finally(() => set.delete(work));
    set.add(work);
  });
}

/** Resolves once every render started so far has finished (tests, and a clean shutdown). */
export async function kioskRendersSettled(station: StationCore): Promise<void> {
  await Promise.all([...station.renders]);
}
