// The desk's search syntax: what each form means, one clear problem for each kind of bad input, and
// no input at all that makes the parser throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQueryProblem, parseVisitQuery, QUERY_FIELDS, type QueryParse } from './query';

const TODAY = '2026-11-22';
const parse = (text: string) => parseVisitQuery(text, TODAY);
const query = (text: string) => {
  const result = parse(text);
  if (!result.ok) throw new Error(describeQueryProblem(result.problem));
  return result.query;
};
const problem = (text: string) => {
  const result: QueryParse = parse(text);
  if (result.ok) throw new Error(`"${text}" parsed`);
  return result.problem;
};

describe('the visit search syntax', () => {
  it('reads the example from the desk help line', () => {
    expect(query('name:smith host:"Ana Ruiz" date:today status:on-site company:acme badge 7')).toEqual({
      text: ['badge', '7'],
      name: ['smith'],
      company: ['acme'],
      host: ['Ana Ruiz'],
      zone: [],
      statuses: ['checked_in'],
      dateFrom: TODAY,
      dateTo: TODAY,
    });
  });

  it('treats an empty search as "everything"', () => {
    expect(query('   ')).toMatchObject({ text: [], statuses: [], dateFrom: null, dateTo: null });
  });

  it('keeps quoted phrases whole and ignores the case of field names', () => {
    expect(query('"grace hopper" NAME:Grace Zone:"Offices, floor 2"')).toMatchObject({
      text: ['grace hopper'],
      name: ['Grace'],
      zone: ['Offices, floor 2'],
    });
  });

  it('collects several statuses as alternatives, once each', () => {
    expect(query('status:pending status:expected status:pending').statuses).toEqual([
      'pending_approval',
      'expected',
    ]);
  });

  it('understands relative days, single days and open or closed ranges', () => {
    expect(query('date:yesterday')).toMatchObject({ dateFrom: '2026-11-21', dateTo: '2026-11-21' });
    expect(query('date:tomorrow')).toMatchObject({ dateFrom: '2026-11-23', dateTo: '2026-11-23' });
    expect(query('date:7d')).toMatchObject({ dateFrom: '2026-11-16', dateTo: TODAY });
    expect(query('date:2026-02-28')).toMatchObject({ dateFrom: '2026-02-28', dateTo: '2026-02-28' });
    expect(query('date:2026-11-01..2026-11-20')).toMatchObject({
      dateFrom: '2026-11-01',
      dateTo: '2026-11-20',
    });
    expect(query('date:..2026-11-20')).toMatchObject({ dateFrom: null, dateTo: '2026-11-20' });
    expect(query('date:2026-11-01..')).toMatchObject({ dateFrom: '2026-11-01', dateTo: null });
  });

  it('names the problem with each kind of bad input', () => {
    expect(problem('badge:42')).toEqual({ code: 'unknown_field', field: 'badge' });
    expect(problem('host:"Ana Ruiz')).toEqual({ code: 'unclosed_quote', position: 5 });
    expect(problem('smith "open')).toEqual({ code: 'unclosed_quote', position: 6 });
    expect(problem('name:')).toEqual({ code: 'empty_value', field: 'name' });
    expect(problem('host:""')).toEqual({ code: 'empty_value', field: 'host' });
    expect(problem('status:asleep')).toEqual({ code: 'bad_status', value: 'asleep' });
    expect(problem('date:2026-02-30')).toEqual({ code: 'bad_date', value: '2026-02-30' });
    expect(problem('date:soon')).toEqual({ code: 'bad_date', value: 'soon' });
    expect(problem('date:..')).toEqual({ code: 'bad_date', value: '..' });
    expect(problem('date:2026-11-20..2026-11-01')).toEqual({
      code: 'date_range_backwards',
      value: '2026-11-20..2026-11-01',
    });
    expect(problem('date:today date:yesterday')).toEqual({ code: 'repeated_date' });
    expect(problem('x'.repeat(501))).toEqual({ code: 'too_long', max: 500 });
  });

  it('explains each problem as a sentence naming what to type instead', () => {
    expect(describeQueryProblem(problem('badge:42'))).toBe(
      `There is no search field called "badge"; use ${QUERY_FIELDS.join(', ')}.`,
    );
    expect(describeQueryProblem(problem('host:"Ana'))).toBe('The quote at character 6 is never closed.');
    expect(describeQueryProblem(problem('status:asleep'))).toMatch(
      /^"asleep" is not a visit status; use on-site/,
    );
  });

  it('never throws, whatever is typed, and always gives a query or one described problem', () => {
    const alphabet = fc.constantFrom(...'ab "::.. -date:status:name:host:zone:7d2026-11-0'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 60 })), (text) => {
        const result = parse(text);
        if (result.ok) expect(Array.isArray(result.query.text)).toBe(true);
        else expect(describeQueryProblem(result.problem)).toMatch(/\.$/);
      }),
      { numRuns: 3000 },
    );
  });
});
