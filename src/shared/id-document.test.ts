import { describe, expect, it } from 'vitest';
import {
  AAMVA_2000,
  AAMVA_2020,
  MRZ_TD1,
  MRZ_TD2,
  MRZ_TD3,
  MRZ_TD3_BAD_CHECK_DIGIT,
} from '../../tests/support/id-samples';
import { isMrzLine, looksLikeIdDocument, readIdDocument } from './id-document';

// A fixed moment: a two-digit birth year is read against it, never against today.
const NOW = new Date('2026-06-01T12:00:00Z');
const anna = { name: 'Anna Maria Eriksson', dateOfBirth: '1974-08-12' };

describe('reading ID documents (ICAO 9303 specimens, AAMVA example)', () => {
  it('reads the TD3 passport, TD1 and TD2 ID card specimens with every check digit right', () => {
    expect(readIdDocument(MRZ_TD3.join('\n'), NOW)).toEqual({
      ok: true,
      document: { format: 'TD3', kind: 'passport', number: 'L898902C3', ...anna },
    });
    expect(readIdDocument(MRZ_TD1.join('\r\n'), NOW)).toEqual({
      ok: true,
      document: { format: 'TD1', kind: 'national_id', number: 'D23145890', ...anna },
    });
    expect(readIdDocument(MRZ_TD2.join('\r'), NOW)).toEqual({
      ok: true,
      document: { format: 'TD2', kind: 'national_id', number: 'D23145890', ...anna },
    });
  });

  it('reads an MRZ whose lines arrive run together, and tells a whole MRZ from one of its lines', () => {
    expect(readIdDocument(MRZ_TD3.join(''), NOW)).toMatchObject({ ok: true, document: { format: 'TD3' } });
    expect(readIdDocument(MRZ_TD1.join(''), NOW)).toMatchObject({ ok: true, document: { format: 'TD1' } });
    expect(MRZ_TD1.every(isMrzLine) && MRZ_TD3.every(isMrzLine)).toBe(true);
    expect(isMrzLine('GH1.eyJ2IjoxfQ.sig')).toBe(false);
  });

  it('refuses a wrong check digit in any field, naming it as such', () => {
    expect(readIdDocument(MRZ_TD3_BAD_CHECK_DIGIT.join('\n'), NOW)).toEqual({
      ok: false,
      problem: 'check_digit',
    });
    // Birth date of the TD1 card misread (7408122 → 7408132): its check digit no longer matches.
    const td1 = [MRZ_TD1[0]!, MRZ_TD1[1]!.replace('740812', '740813'), MRZ_TD1[2]!];
    expect(readIdDocument(td1.join('\n'), NOW)).toEqual({ ok: false, problem: 'check_digit' });
    // The composite digit of the TD2 card.
    const td2 = [MRZ_TD2[0]!, MRZ_TD2[1]!.replace(/6$/, '5')];
    expect(readIdDocument(td2.join('\n'), NOW)).toEqual({ ok: false, problem: 'check_digit' });
  });

  it('reads the AAMVA 2020 example licence: number, name, date of birth, nothing else', () => {
    expect(readIdDocument(AAMVA_2020, NOW)).toEqual({
      ok: true,
      document: {
        format: 'AAMVA',
        kind: 'driving_licence',
        number: 'T64235789',
        name: 'Michael John Sample',
        dateOfBirth: '1986-06-06',
      },
    });
  });

  it('refuses what is not a whole readable document', () => {
    expect(readIdDocument(AAMVA_2000, NOW)).toEqual({ ok: false, problem: 'unreadable' });
    expect(readIdDocument('@\n\x1e\rANSI 636000100002DL00410278ZV03190008DLDCSSAMPLE\n', NOW)).toEqual({
      ok: false,
      problem: 'unreadable',
    });
    expect(readIdDocument(MRZ_TD3[0]!, NOW)).toEqual({ ok: false, problem: 'unreadable' });
    expect(readIdDocument('K7PM-2QXD', NOW)).toEqual({ ok: false, problem: 'unreadable' });
    expect(looksLikeIdDocument('K7PM-2QXD')).toBe(false);
    expect(looksLikeIdDocument(AAMVA_2000)).toBe(true);
    expect(looksLikeIdDocument(MRZ_TD3_BAD_CHECK_DIGIT.join('\n'))).toBe(true);
  });

  it('puts a two-digit birth year in the latest century that is not in the future', () => {
    const born = (now: string) => {
      const read = readIdDocument(MRZ_TD3.join('\n'), new Date(now));
      return read.ok ? read.document.dateOfBirth : read.problem;
    };
    expect(born('2026-06-01T00:00:00Z')).toBe('1974-08-12');
    expect(born('2074-08-11T00:00:00Z')).toBe('1974-08-12');
    expect(born('2075-01-01T00:00:00Z')).toBe('2074-08-12');
  });
});
