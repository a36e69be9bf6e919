/**
 * Text with its ids and digests masked, so a test can check a typed secret never reached it. Ids and
 * digests are random hex: one may hold a PIN's digits by chance (CI once saw `…-9857-…` in a UUID).
 */
export function withoutRandomIds(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/[0-9a-f]{16,}/gi, '<digest>');
}
