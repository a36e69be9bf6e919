// Every language is complete: each key of English exists, non-empty, in every other locale with the same
// {{placeholders}}; every key the source uses exists; every error, field problem, status, role and
// station kind the contract can produce has its sentence.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, STAFF_ROLES, STATION_KINDS, VISIT_STATUSES } from '../../src/shared/domain';
import { HOST_FIELDS } from '../../src/shared/hosts-csv';
import { FLEET_EXCEPTION_KINDS } from '../../src/shared/console-report';
import { ERROR_STATUS } from '../../src/shared/errors';
import { ROLES } from '../../src/shared/roles';
import { FIELD_PROBLEM_CODES } from '../../src/renderer/api/errors';
import { PRINTER_PROBLEMS } from '../../src/shared/devices';
import type { FleetAlertCode } from '../../src/server/fleet';
import { REPORT_WORDS } from '../../src/server/console/report-words';

const RENDERER = fileURLToPath(new URL('../../src/renderer', import.meta.url));
const load = (lng: string) =>
  JSON.parse(readFileSync(path.join(RENDERER, 'i18n/locales', `${lng}.json`), 'utf8')) as object;

/** Flattens nested translations to { 'a.b.c': 'text' }. */
function flatten(tree: object, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null
        ? Object.entries(flatten(value, `${prefix}${key}.`))
        : [[`${prefix}${key}`, value]],
    ),
  );
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const en = flatten(load('en'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('translations', () => {
  it('has a locale file for every language of the contract, and no other', () => {
    const files = readdirSync(path.join(RENDERER, 'i18n/locales')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...LANGUAGES].sort());
  });

  for (const lng of LANGUAGES) {
    it(`${lng} has every English key, none empty, with the same placeholders and no extras`, () => {
      const locale = flatten(load(lng));
      for (const [key, english] of Object.entries(en)) {
        expect(locale[key], `${lng}: ${key}`).toEqual(expect.any(String));
        expect(String(locale[key]).trim(), `${lng}: ${key} is empty`).not.toBe('');
        expect(placeholders(locale[key]), `${lng}: ${key} placeholders`).toEqual(placeholders(english));
      }
      expect(
        Object.keys(locale).filter((key) => !(key in en)),
        `${lng}: keys English lacks`,
      ).toEqual([]);
    });
  }

  it('names each language in that language, differently', () => {
    const names = LANGUAGES.map((lng) => flatten(load(lng))['language.name']);
    expect(new Set(names).size).toBe(LANGUAGES.length);
  });

  it("has every t('…') key the renderer uses", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(RENDERER)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });

  it('has a sentence for everything the contract can produce (keys built at run time)', () => {
    const dynamic = [
      ...Object.keys(ERROR_STATUS).map((code) => `errors.${code}`),
      ...FIELD_PROBLEM_CODES.map((code) => `fieldErrors.${code}`),
      ...VISIT_STATUSES.map((status) => `visitStatus.${status}`),
      ...ROLES.map((role) => `roles.${role}`),
      ...STATION_KINDS.flatMap((kind) => [`stationKinds.${kind}.name`, `stationKinds.${kind}.hint`]),
      ...['checkIn', 'invite', 'checkOut'].map((step) => `kiosk.actions.${step}.title`),
    ];
    expect(dynamic.filter((key) => !(key in en))).toEqual([]);
  });
});

// The console page on the sync server (src/console) has its own locale files, held to the same rules.
const CONSOLE = fileURLToPath(new URL('../../src/console', import.meta.url));
const loadConsole = (lng: string) =>
  flatten(JSON.parse(readFileSync(path.join(CONSOLE, 'locales', `${lng}.json`), 'utf8')) as object);

/** Every alert the fleet view raises (a new code fails to compile here until it is listed). */
const ALERT_CODES: Record<FleetAlertCode, true> = {
  quiet: true,
  never_seen: true,
  device_disconnected: true,
  printer_problem: true,
  held_ops: true,
  outbox_backlog: true,
  clock_skew: true,
  audit_chain: true,
  update_rolled_back: true,
};

describe('console translations', () => {
  const consoleEn = loadConsole('en');

  it('has a locale file for every language of the contract, and no other', () => {
    const files = readdirSync(path.join(CONSOLE, 'locales')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...LANGUAGES].sort());
  });

  for (const lng of LANGUAGES) {
    it(`${lng} has every English key, none empty, with the same placeholders and no extras`, () => {
      const locale = loadConsole(lng);
      for (const [key, english] of Object.entries(consoleEn)) {
        expect(String(locale[key] ?? '').trim(), `${lng}: ${key}`).not.toBe('');
        expect(placeholders(locale[key]), `${lng}: ${key} placeholders`).toEqual(placeholders(english));
      }
      expect(Object.keys(locale).filter((key) => !(key in consoleEn))).toEqual([]);
    });
  }

  it("has every t('…') key the console and the station components it shows use, and every run-time key", () => {
    const used = new Set<string>();
    const files = [
      ...sourceFiles(CONSOLE),
      path.join(RENDERER, 'components/LanguageSwitch.tsx'),
      path.join(RENDERER, 'components/QrCode.tsx'),
    ];
    for (const file of files)
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) used.add(match[1]!);
    expect(used.size).toBeGreaterThan(40);
    const dynamic = [
      ...['kiosk', 'desk', 'gate'].map((role) => `roles.${role}`),
      ...['online', 'offline', 'revoked'].map((state) => `state.${state}`),
      ...PRINTER_PROBLEMS.map((problem) => `device.${problem}`),
      ...Object.keys(ALERT_CODES).map((code) => `alertCode.${code}`),
      // An alert's sentence, and the variants its figures choose (i18next context).
      ...Object.keys(ALERT_CODES)
        .filter((code) => code !== 'clock_skew')
        .map((code) => `alertDetail.${code}`),
      'alertDetail.clock_skew_behind',
      'alertDetail.clock_skew_ahead',
      'alertDetail.device_disconnected_error',
      ...['stations', 'settings', 'staff', 'hosts'].map((part) => `site.part.${part}`),
      ...STAFF_ROLES.map((role) => `staffRole.${role}`),
      ...[
        'capacity',
        'kioskIdleSeconds',
        'autoCheckOutTime',
        'retentionDays',
        'watchlistThreshold',
        'staffIdleMinutes',
      ].map((field) => `settings.${field}`),
      ...HOST_FIELDS.map((field) => `hosts.fields.${field}`),
      ...['required', 'invalid_format', 'too_long', 'duplicate'].map((code) => `hosts.codes.${code}`),
      ...FLEET_EXCEPTION_KINDS.map((kind) => `reports.kinds.${kind}`),
    ];
    expect([...used, ...dynamic].filter((key) => !(key in consoleEn))).toEqual([]);
  });

  it("words the report PDF's gate reasons and overstays as the console page does, in every language", () => {
    for (const lng of LANGUAGES) {
      const page = loadConsole(lng);
      const file = REPORT_WORDS[lng];
      const pageReasons = Object.keys(page)
        .filter((key) => key.startsWith('reports.reasons.'))
        .map((key) => [key.slice('reports.reasons.'.length), page[key]]);
      expect(Object.entries(file.reasons).sort(), lng).toEqual(pageReasons.sort());
      expect(file.overstayMinutes.replace('{minutes}', '{{minutes}}'), lng).toBe(
        page['reports.overstayMinutes'],
      );
    }
  });
});
