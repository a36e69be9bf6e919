// Every refusal sentence the station can throw reaches the desk in the screen's language: each ApiError
// message in src/main (and the authorship refusals of src/shared it throws) is either one of the
// renderer's station reasons (src/renderer/api/reasons.ts), translated in every language with the same
// {{placeholders}}, or one whose general sentence (errors.<code>) already says it all.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { GENERAL, REASONS, sentence, stationReason } from '../../src/renderer/api/reasons';
import { authorshipRefusal } from '../../src/shared/authorship';
import { ApiError } from '../../src/shared/errors';
import { ENTITY_KINDS } from '../../src/shared/merge';
import { LANGUAGES } from '../../src/shared/domain';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

const STRING = String.raw`'((?:[^'\\]|\\.)*)'|\`((?:[^\`\\]|\\.)*)\``;
/** Message arguments: new ApiError('code', msg, …), ApiError.wait('code', msg, …), requireOwnHost(ctx, id, msg), fields(msg). */
const THROWN = new RegExp(
  String.raw`(?:new ApiError|ApiError\.wait)\(\s*'[a-z_]+',\s*(?:${STRING}|([A-Z_]+)\b)|requireOwnHost\([^,]+,[^,]+,\s*(?:${STRING})|\bfields\(\s*(?:${STRING})`,
  'g',
);

/** A template as a sentence the station could send: each ${…} filled with its first quoted choice, else "X". */
function sample(template: string): string {
  return template.replace(/\$\{([^}]*)\}/g, (_all, expr: string) => /'([^']*)'/.exec(expr)?.[1] ?? 'X');
}

/** Every sentence the station's code can throw, with where it is. */
function thrownSentences(): { sentence: string; file: string }[] {
  const found: { sentence: string; file: string }[] = [];
  for (const file of tsFiles('src/main')) {
    const source = read(file);
    for (const m of source.matchAll(THROWN)) {
      const [, single, template, constant, ownSingle, ownTemplate, fieldSingle, fieldTemplate] = m;
      let text = single ?? template ?? ownSingle ?? ownTemplate ?? fieldSingle ?? fieldTemplate;
      if (constant) {
        // A named constant of this file or of src/shared/authorship.ts.
        const where = [source, read('src/shared/authorship.ts')].find((s) =>
          s.includes(`const ${constant} =`),
        );
        text = where ? new RegExp(`const ${constant} =\\s*'([^']*)'`).exec(where)?.[1] : undefined;
        if (text === undefined) continue; // a variable: a message built elsewhere, checked below
      }
      if (text !== undefined) found.push({ sentence: sample(text.replace(/\\(.)/g, '$1')), file });
    }
  }
  // The authorship refusals (src/shared/authorship.ts) the station throws as they are.
  for (const m of read('src/shared/authorship.ts').matchAll(
    /return (?:allowed\.length === 0\s*\?\s*)?`([^`]*)`|:\s*`([^`]*)`/g,
  ))
    found.push({ sentence: sample(m[1] ?? m[2]!), file: 'src/shared/authorship.ts' });
  return found;
}

const flatten = (tree: object, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null
        ? Object.entries(flatten(value as object, `${prefix}${key}.`))
        : [[`${prefix}${key}`, String(value)]],
    ),
  );
const locales = Object.fromEntries(
  LANGUAGES.map((lng) => [lng, flatten(JSON.parse(read(`src/renderer/i18n/locales/${lng}.json`)) as object)]),
);

describe('station refusal sentences at the desk', () => {
  const sentences = thrownSentences();

  it('finds the sentences the station throws', () => {
    // Enough that a broken pattern cannot pass quietly.
    expect(sentences.length).toBeGreaterThan(100);
  });

  it('knows every sentence the station can throw', () => {
    const general = GENERAL.map(
      (g) => new RegExp(`^${g.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`),
    );
    const unknown = sentences.filter(
      ({ sentence }) => !stationReason(sentence) && !general.some((re) => re.test(sentence)),
    );
    expect(unknown.map((u) => `${u.file}: ${u.sentence}`)).toEqual([]);
  });

  it('translates every station reason in every language, filling in what the station says', () => {
    for (const [key, pattern] of Object.entries(REASONS)) {
      const names = [...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const lng of LANGUAGES) {
        const text = locales[lng]![`stationReasons.${key}`];
        expect(text, `${lng}: stationReasons.${key}`).toEqual(expect.any(String));
        const used = [...text!.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect(used, `${lng}: stationReasons.${key} placeholders`).toEqual(names);
      }
    }
  });

  it("names kinds of entry and of station in the screen's words, never the station's internal names", async () => {
    const refusal = authorshipRefusal('kiosk', 'deviceProfile')!;
    const either = 'A gate station may not change staff entries; only a desk or kiosk station may.';
    const said: Record<string, string[]> = {};
    for (const lng of LANGUAGES) {
      const i18n = i18next.createInstance();
      const translation = JSON.parse(read(`src/renderer/i18n/locales/${lng}.json`)) as object;
      await i18n.init({ resources: { [lng]: { translation } }, lng, interpolation: { escapeValue: false } });
      said[lng] = [refusal, either].map((message) => sentence(i18n.t, new ApiError('forbidden', message)));
    }
    expect(said.en).toEqual([
      'This kind of station (Lobby kiosk) may not change these entries (device profiles); only a Reception desk station may.',
      'This kind of station (Security gate) may not change these entries (staff accounts); only a Reception desk or Lobby kiosk station may.',
    ]);
    expect(said.de![0]).toContain('(Geräteprofile)');
    expect(said.fr![1]).toContain('(Poste de sécurité)');
    expect(said.fr![1]).toContain('seule une station Accueil ou Borne du hall le peut');
    for (const kind of ENTITY_KINDS)
      for (const lng of LANGUAGES)
        expect(locales[lng]![`entityKinds.${kind}`], `${lng}: entityKinds.${kind}`).toEqual(
          expect.any(String),
        );
    // The English is above; elsewhere no English role name either.
    const others = LANGUAGES.filter((lng) => lng !== 'en').flatMap((lng) => said[lng]!);
    expect(others.join(' ')).not.toMatch(/deviceProfile|staff|\b(?:kiosk|desk|gate)\b/);
  });

  it('reads what the station filled in', () => {
    expect(stationReason('This visit is checked out and cannot become checked in.')).toEqual({
      key: 'cannotCheckIn',
      params: { status: 'checked out' },
    });
    expect(stationReason('This visit has no valid pass; check the visitor in again.')?.key).toBe(
      'noValidPass',
    );
    expect(stationReason('Some of the information is not valid: visitor.name.')).toBeNull();
    expect(stationReason('A sentence the station has never said.')).toBeNull();
  });
});
