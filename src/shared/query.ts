// The visit search syntax of the desk and gate: plain words, quoted phrases and field:value filters.
//
//   smith                       any of visitor name, company or host name starts with "smith"
//   "ana ruiz"                  a phrase
//   name:smith company:acme     visitor name / company
//   host:"Ana Ruiz"             host name (quote values with spaces)
//   status:on-site              see STATUS_WORDS; several status: filters mean any of them
//   date:today                  today | yesterday | tomorrow | 7d (the last 7 days) | 2026-11-20 |
//                               2026-11-01..2026-11-20 (either end may be left out)
//   zone:Laboratory             visits whose pass opens that zone
//
// Parsing is pure and never throws: bad input gives one problem with a code the UI translates.
import type { VisitStatus } from './domain';

export const QUERY_FIELDS = ['name', 'company', 'host', 'date', 'status', 'zone'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

/** The words status: accepts, as people say them. */
export const STATUS_WORDS: Readonly<Record<string, VisitStatus>> = {
  'on-site': 'checked_in',
  onsite: 'checked_in',
  'checked-in': 'checked_in',
  in: 'checked_in',
  expected: 'expected',
  pending: 'pending_approval',
  approved: 'approved',
  denied: 'denied',
  left: 'checked_out',
  'checked-out': 'checked_out',
  out: 'checked_out',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  'no-show': 'no_show',
};

export const MAX_QUERY_LENGTH = 500;

export interface VisitQuery {
  /** Plain words and phrases: each must match the visitor's name, company or host name. */
  text: string[];
  name: string[];
  company: string[];
  host: string[];
  zone: string[];
  /** Any of these (empty: any status). */
  statuses: VisitStatus[];
  /** Inclusive local dates (YYYY-MM-DD) of the site; null: open. */
  dateFrom: string | null;
  dateTo: string | null;
}

export type QueryProblem =
  | { code: 'too_long'; max: number }
  | { code: 'unclosed_quote'; position: number }
  | { code: 'unknown_field'; field: string }
  | { code: 'empty_value'; field: string }
  | { code: 'bad_status'; value: string }
  | { code: 'bad_date'; value: string }
  | { code: 'date_range_backwards'; value: string }
  | { code: 'repeated_date' };

export type QueryParse = { ok: true; query: VisitQuery } | { ok: false; problem: QueryProblem };

/** A query matching everything. */
export const emptyQuery = (): VisitQuery => ({
  text: [],
  name: [],
  company: [],
  host: [],
  zone: [],
  statuses: [],
  dateFrom: null,
  dateTo: null,
});

interface Term {
  field: string | null;
  value: string;
}

/**
 * Parses a search. `today` is the site's local date (YYYY-MM-DD), for date:today and friends.
 */
export function parseVisitQuery(input: string, today: string): QueryParse {
  if (input.length > MAX_QUERY_LENGTH) return fail({ code: 'too_long', max: MAX_QUERY_LENGTH });
  const terms = tokenize(input);
  if ('problem' in terms) return fail(terms.problem);

  const query = emptyQuery();
  let sawDate = false;
  for (const { field, value } of terms.terms) {
    if (field === null) {
      if (value.trim()) query.text.push(value.trim());
      continue;
    }
    const key = field.toLowerCase();
    if (!(QUERY_FIELDS as readonly string[]).includes(key)) return fail({ code: 'unknown_field', field });
    const trimmed = value.trim();
    if (!trimmed) return fail({ code: 'empty_value', field: key });
    switch (key as QueryField) {
      case 'status': {
        const status = STATUS_WORDS[trimmed.toLowerCase()];
        if (!status) return fail({ code: 'bad_status', value: trimmed });
        if (!query.statuses.includes(status)) query.statuses.push(status);
        break;
      }
      case 'date': {
        if (sawDate) return fail({ code: 'repeated_date' });
        sawDate = true;
        const range = parseDateRange(trimmed.toLowerCase(), today);
        if ('problem' in range) return fail(range.problem);
        query.dateFrom = range.from;
        query.dateTo = range.to;
        break;
      }
      case 'name':
      case 'company':
      case 'host':
      case 'zone':
        query[key as 'name' | 'company' | 'host' | 'zone'].push(trimmed);
        break;
    }
  }
  return { ok: true, query };
}

const fail = (problem: QueryProblem): QueryParse => ({ ok: false, problem });

/** Splits the input into plain terms and field:value terms, honouring double quotes. */
function tokenize(input: string): { terms: Term[] } | { problem: QueryProblem } {
  const terms: Term[] = [];
  let i = 0;
  const readQuoted = (): string | null => {
    const close = input.indexOf('"', i + 1);
    if (close < 0) return null;
    const text = input.slice(i + 1, close);
    i = close + 1;
    return text;
  };
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i += 1;
      continue;
    }
    const start = i;
    if (input[i] === '"') {
      const phrase = readQuoted();
      if (phrase === null) return { problem: { code: 'unclosed_quote', position: start } };
      terms.push({ field: null, value: phrase });
      continue;
    }
    const field = /^([A-Za-z]+):/.exec(input.slice(i));
    if (field) {
      i += field[0].length;
      if (input[i] === '"') {
        const quoteAt = i;
        const value = readQuoted();
        if (value === null) return { problem: { code: 'unclosed_quote', position: quoteAt } };
        terms.push({ field: field[1]!, value });
      } else {
        const end = nextSpace(input, i);
        terms.push({ field: field[1]!, value: input.slice(i, end) });
        i = end;
      }
      continue;
    }
    const end = nextSpace(input, i);
    terms.push({ field: null, value: input.slice(i, end) });
    i = end;
  }
  return { terms };
}

function nextSpace(input: string, from: number): number {
  const match = /\s/.exec(input.slice(from));
  return match ? from + match.index : input.length;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDateRange(
  value: string,
  today: string,
): { from: string | null; to: string | null } | { problem: QueryProblem } {
  const bad = { problem: { code: 'bad_date', value } as QueryProblem };
  const relative = /^(\d{1,3})d$/.exec(value);
  if (relative) return { from: addDays(today, 1 - Number(relative[1])), to: today };
  if (value === 'today') return { from: today, to: today };
  if (value === 'yesterday') return { from: addDays(today, -1), to: addDays(today, -1) };
  if (value === 'tomorrow') return { from: addDays(today, 1), to: addDays(today, 1) };
  if (value.includes('..')) {
    const [fromText = '', toText = '', ...rest] = value.split('..');
    if (rest.length || (!fromText && !toText)) return bad;
    const from = fromText ? validDate(fromText) : null;
    const to = toText ? validDate(toText) : null;
    if ((fromText && !from) || (toText && !to)) return bad;
    if (from && to && from > to) return { problem: { code: 'date_range_backwards', value } };
    return { from, to };
  }
  const day = validDate(value);
  return day ? { from: day, to: day } : bad;
}

/** The date if it is a real calendar date in YYYY-MM-DD form, else null. */
function validDate(text: string): string | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? text : null;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The problem as a plain English sentence (logs, API errors; the UI translates by code). */
export function describeQueryProblem(problem: QueryProblem): string {
  switch (problem.code) {
    case 'too_long':
      return `The search is too long; use at most ${problem.max} characters.`;
    case 'unclosed_quote':
      return `The quote at character ${problem.position + 1} is never closed.`;
    case 'unknown_field':
      return `There is no search field called "${problem.field}"; use ${QUERY_FIELDS.join(', ')}.`;
    case 'empty_value':
      return `"${problem.field}:" needs a value after the colon.`;
    case 'bad_status':
      return `"${problem.value}" is not a visit status; use ${Object.keys(STATUS_WORDS).join(', ')}.`;
    case 'bad_date':
      return `"${problem.value}" is not a date; use today, yesterday, 7d, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD.`;
    case 'date_range_backwards':
      return `The date range "${problem.value}" ends before it starts.`;
    case 'repeated_date':
      return 'Give date: only once; use a range such as YYYY-MM-DD..YYYY-MM-DD.';
  }
}
