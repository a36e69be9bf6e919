// Reading an ID document from the text a scanner (or a camera decoder) delivers: the machine-readable zone
// of a passport or ID card (ICAO 9303 TD1, TD2, TD3) and the PDF417 barcode of a North American driving
// licence or ID card (AAMVA DL/ID Card Design Standard). Environment-free, so the station core and a
// screen read documents alike.
//
// MRZ: `mrz` (cheminfo, MIT) checks every check digit. Its own verdict also fails a document whose state
// code it does not know (the ICAO specimens are issued by the fictional "UTO"), so a document is read here
// when every check digit is right, not by that verdict.
// AAMVA: `aamva-parser` (MIT) reads versions 2 to 12 of the standard. It reads version 1 (CDS 2000, whose
// cards have long expired) wrongly — no licence number, dates misread — so that version is refused here as
// unreadable rather than read wrong; it also never refuses text that is not a licence, hence the header and
// required-field checks below.
import { parse as parseAamva } from 'aamva-parser';
import { parse as parseMrz } from 'mrz';
import type { z } from 'zod';
import type { ID_DOCUMENT_PROBLEMS, idDocumentReadSchema } from './api/id-documents';

/** What the station takes from a document: enough to fill in a check-in and screen it, nothing more. */
export type IdDocumentRead = z.output<typeof idDocumentReadSchema>;
export type IdDocumentProblem = (typeof ID_DOCUMENT_PROBLEMS)[number];

export type IdDocumentResult =
  { ok: true; document: IdDocumentRead } | { ok: false; problem: IdDocumentProblem };

/** Lengths of an MRZ's lines by format: TD1 three of 30, TD2 two of 36, TD3 (passports) two of 44. */
const MRZ_SHAPES: ReadonlyArray<{ lines: number; length: number }> = [
  { lines: 3, length: 30 },
  { lines: 2, length: 36 },
  { lines: 2, length: 44 },
];
const MRZ_LINE = /^[A-Z0-9<]+$/;
// eslint-disable-next-line no-control-regex -- RS (0x1e) separates an AAMVA header's parts
const AAMVA_HEADER = /^@[\n\x1e\r ]*ANSI ?(\d{10,12})(DL|ID)\d{8}/;

/** One line of an MRZ on its own (a reader that sends each line as it reads it). */
export function isMrzLine(text: string): boolean {
  return MRZ_LINE.test(text) && MRZ_SHAPES.some((s) => s.length === text.length);
}

/** The lines of an MRZ in this text (line breaks, or none: lines run together), or null if it is not one. */
export function mrzLines(text: string): string[] | null {
  const lines = text
    .trim()
    // eslint-disable-next-line no-control-regex -- line breaks and RS, as readers send them
    .split(/[\r\n\x1e]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 1) {
    // Lines run together (a reader that drops line breaks): the lengths tell the format apart.
    const joined = lines[0]!;
    const shape = MRZ_SHAPES.find((s) => s.lines * s.length === joined.length);
    if (!shape || !MRZ_LINE.test(joined)) return null;
    return Array.from({ length: shape.lines }, (_, i) =>
      joined.slice(i * shape.length, (i + 1) * shape.length),
    );
  }
  const shape = MRZ_SHAPES.find((s) => s.lines === lines.length && lines.every((l) => l.length === s.length));
  return shape && lines.every((l) => MRZ_LINE.test(l)) ? lines : null;
}

/** Whether this text is meant as an ID document (readable or not), not a pass or an invite code. */
export function looksLikeIdDocument(text: string): boolean {
  const trimmed = text.trim();
  return mrzLines(trimmed) !== null || (trimmed.startsWith('@') && /ANSI ?\d/.test(trimmed.slice(0, 40)));
}

/** Reads an ID document; `now` decides the century of an MRZ's two-digit birth year. */
export function readIdDocument(text: string, now: Date): IdDocumentResult {
  const trimmed = text.trim();
  const lines = mrzLines(trimmed);
  if (lines) return readMrz(lines, now);
  if (trimmed.startsWith('@')) return readAamva(trimmed);
  return { ok: false, problem: 'unreadable' };
}

function readMrz(lines: string[], now: Date): IdDocumentResult {
  let result: ReturnType<typeof parseMrz>;
  try {
    result = parseMrz(lines);
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  const { format, fields, details } = result;
  if (format !== 'TD1' && format !== 'TD2' && format !== 'TD3') return { ok: false, problem: 'unreadable' };
  const checks = details.filter((d) => /CheckDigit$/i.test(String(d.field)));
  if (checks.length === 0 || checks.some((d) => !d.valid)) return { ok: false, problem: 'check_digit' };
  const number = fields.documentNumber?.replace(/</g, '') ?? '';
  const surname = words(fields.lastName);
  if (!number || !surname) return { ok: false, problem: 'unreadable' };
  const code = fields.documentCode ?? '';
  return {
    ok: true,
    document: {
      format,
      kind: code.startsWith('P') ? 'passport' : code.startsWith('V') ? 'other' : 'national_id',
      number,
      name: personName(words(fields.firstName), surname),
      dateOfBirth: mrzBirthDate(fields.birthDate, now),
    },
  };
}

function readAamva(text: string): IdDocumentResult {
  const header = AAMVA_HEADER.exec(text);
  // Version 1 has a 10-digit header (no jurisdiction version): see the note at the top.
  if (!header || header[1]!.length !== 12) return { ok: false, problem: 'unreadable' };
  let licence: ReturnType<typeof parseAamva>;
  try {
    licence = parseAamva(text);
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  const number = licence.driversLicenseId?.trim() ?? '';
  const surname = words(licence.lastName);
  if (!number || !surname || /\s/.test(number)) return { ok: false, problem: 'unreadable' };
  const given = [licence.firstName, licence.middleName].map(words).filter(Boolean).join(' ');
  const born = licence.dateOfBirth;
  return {
    ok: true,
    document: {
      format: 'AAMVA',
      kind: header[2] === 'DL' ? 'driving_licence' : 'other',
      number,
      name: personName(given, surname),
      // The parser makes a local-time Date: its local fields are the date as printed.
      dateOfBirth:
        born && !Number.isNaN(born.getTime())
          ? isoDate(born.getFullYear(), born.getMonth() + 1, born.getDate())
          : null,
    },
  };
}

/** "ANNA<MARIA", "ANNA MARIA " → "ANNA MARIA". */
const words = (text: string | null | undefined): string =>
  (text ?? '').replace(/</g, ' ').replace(/\s+/g, ' ').trim();

/** "ANNA MARIA", "ERIKSSON" → "Anna Maria Eriksson": documents print names in capitals. */
function personName(given: string, surname: string): string {
  const title = (w: string) =>
    w
      .toLocaleLowerCase('en')
      .replace(/(^|[\s'-])(\p{L})/gu, (_, a: string, b: string) => a + b.toLocaleUpperCase('en'));
  return [given, surname].filter(Boolean).map(title).join(' ');
}

/** "740812" → "1974-08-12": the latest century that does not put the birth after `now`. */
function mrzBirthDate(yymmdd: string | null | undefined, now: Date): string | null {
  if (!yymmdd || !/^\d{6}$/.test(yymmdd)) return null;
  const [yy, month, day] = [0, 2, 4].map((i) => Number(yymmdd.slice(i, i + 2))) as [number, number, number];
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  const inThisCentury = Date.UTC(century + yy, month - 1, day);
  return isoDate(inThisCentury > now.getTime() ? century - 100 + yy : century + yy, month, day);
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
