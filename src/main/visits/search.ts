// Finding visits: the FTS5 expression of a desk query and the cursor of a page of results.
import { DateTime } from 'luxon';
import type { SiteRow } from '../../db/repos/sites';
import { ApiError } from '../../shared/errors';
import type { VisitQuery } from '../../shared/query';

/** The UTC instant a local date of the site starts at. */
export function startOfLocalDay(site: SiteRow, isoDate: string, plusDays = 0): string {
  return DateTime.fromISO(isoDate, { zone: site.timezone }).plus({ days: plusDays }).toUTC().toISO() ?? '';
}

/** Words of a value as FTS5 sees them: letters and digits only, so nothing typed can be FTS syntax. */
const ftsTokens = (value: string) => value.match(/[\p{L}\p{N}]+/gu) ?? [];

/** One FTS5 condition per value: the phrase, its last word a prefix ("ana ru" finds "Ana Ruiz"). */
export function ftsExpression(query: VisitQuery): string | null {
  const parts: string[] = [];
  const add = (column: string | null, values: string[]) => {
    for (const value of values) {
      const tokens = ftsTokens(value);
      if (tokens.length) parts.push(`${column ? `${column} : ` : ''}"${tokens.join(' ')}"*`);
    }
  };
  add(null, query.text);
  add('visitor', query.name);
  add('company', query.company);
  add('host', query.host);
  return parts.length ? parts.join(' AND ') : null;
}

const CURSOR = /^(.+)\|([0-9a-f-]{36})$/;

export function readCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const m = CURSOR.exec(cursor);
  if (!m) {
    throw new ApiError('invalid_input', 'That page of results is not valid; search again.', {
      cursor: { code: 'invalid_format', message: 'Not a cursor this station gave.' },
    });
  }
  return { expectedAt: m[1]!, id: m[2]! };
}
