// Labelled name pairs for the screening evaluation, assembled from public name data (bench/data/names):
// `listed` goes on the watchlist, `visitor` is screened. Same-person pairs must match, different-person
// pairs must not. Deterministic for a seed. The pairs are built from real names; where a variant is made
// by a rule (a particle joined, two slips, words reordered) the rule is the category's name.
import anyAscii from 'any-ascii';
import { doubleMetaphone } from 'double-metaphone';
import iuliia from 'iuliia';
import { typoDistance } from '../../src/main/screening/similarity';
import { SyntheticPeople, VARIANT_KINDS, seededRandom } from '../../src/main/screening/synthetic';
import {
  forenames,
  nicknamePairs,
  surnames,
  variantSets,
  vietnameseForenames,
  type PopularName,
} from './sources';

export interface NamePair {
  category: string;
  same: boolean;
  listed: string;
  visitor: string;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

const ANGLO = ['US', 'GB', 'IE', 'AU', 'NZ', 'CA'];
const HISPANIC = ['ES', 'MX', 'AR', 'CL', 'CO', 'PE', 'CU', 'DO', 'PY', 'SV', 'GT', 'CR', 'UY', 'VE', 'EC'];
const EAST_ASIAN = ['CN', 'TW', 'KR', 'JP', 'VN'];
const ARAB = ['AE', 'SA', 'EG', 'JO', 'IQ', 'KW', 'LB', 'LY', 'MA', 'DZ', 'TN'];

/** Which script a native-script name is written in (for the script categories). */
function scriptOf(text: string): string | null {
  if (/\p{Script=Cyrillic}/u.test(text)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(text)) return 'Greek';
  if (/\p{Script=Hangul}/u.test(text)) return 'Korean';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'Japanese';
  if (/\p{Script=Han}/u.test(text)) return 'Chinese';
  if (/[\p{Script=Georgian}\p{Script=Armenian}\p{Script=Hebrew}\p{Script=Arabic}]/u.test(text))
    return 'other';
  return null;
}

/**
 * Greek → Latin by ELOT 743 (the Greek standard used in Greek passports, ISO 843 transcription), written down
 * from the standard's table: digraphs first (αυ/ευ before voiced letters → av/ev, else af/ef; ου → ou;
 * μπ → b at the start of a word, mp inside; γγ → ng, γκ → gk, γξ → nx, γχ → nch).
 */
export function elot743(text: string): string {
  const voiced = 'αεηιουωβγδζλμνράέήίόύώ';
  const single: Record<string, string> = {
    α: 'a',
    β: 'v',
    γ: 'g',
    δ: 'd',
    ε: 'e',
    ζ: 'z',
    η: 'i',
    θ: 'th',
    ι: 'i',
    κ: 'k',
    λ: 'l',
    μ: 'm',
    ν: 'n',
    ξ: 'x',
    ο: 'o',
    π: 'p',
    ρ: 'r',
    σ: 's',
    ς: 's',
    τ: 't',
    υ: 'y',
    φ: 'f',
    χ: 'ch',
    ψ: 'ps',
    ω: 'o',
  };
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let out = '';
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    const next = plain[i + 1] ?? '';
    const pair = c + next;
    if ((c === 'α' || c === 'ε') && next === 'υ') {
      out += (c === 'α' ? 'a' : 'e') + (voiced.includes(plain[i + 2] ?? '') ? 'v' : 'f');
      i++;
    } else if (pair === 'ου') {
      out += 'ou';
      i++;
    } else if (pair === 'μπ') {
      out += i === 0 || plain[i - 1] === ' ' ? 'b' : 'mp';
      i++;
    } else if (pair === 'γγ' || pair === 'γκ' || pair === 'γξ' || pair === 'γχ') {
      out += { γγ: 'ng', γκ: 'gk', γξ: 'nx', γχ: 'nch' }[pair];
      i++;
    } else out += single[c] ?? c;
  }
  return out.replace(/(^|\s)\S/g, (m) => m.toUpperCase());
}

/** The Cyrillic → Latin schemes of iuliia that standards and authorities use for personal names. */
const CYRILLIC_SCHEMES = [
  iuliia.ICAO_DOC_9303,
  iuliia.BGN_PCGN,
  iuliia.WIKIPEDIA,
  iuliia.GOST_779,
  iuliia.MVD_782,
  iuliia.SCIENTIFIC,
  iuliia.ALA_LC,
  iuliia.MVD_310_FR,
];

export class NamePairs {
  private readonly random: () => number;
  private readonly fore = new Map<string, PopularName[]>();
  private readonly sur = new Map<string, PopularName[]>();
  private readonly surnameHalf = new Map<string, 0 | 1>();

  constructor(seed = 20261205) {
    this.random = seededRandom(seed);
    for (const n of forenames()) this.fore.set(n.country, [...(this.fore.get(n.country) ?? []), n]);
    for (const n of surnames()) this.sur.set(n.country, [...(this.sur.get(n.country) ?? []), n]);
    this.fore.set('VN', vietnameseForenames());
    // Surnames split in two halves across all countries: the watchlist population takes its surnames from
    // one, the people screened from the other. A surname one slip from a listed one (Marković, Mirković)
    // or said alike (Pedersen, Petersen by Double Metaphone) is a spelling of the same name, not another
    // person's, so such surnames all go to the listed half.
    const all = [...new Set([...this.sur.values()].flat().map((n) => fold(n.roman)))].sort();
    const listed = all.filter((_, i) => i % 2 === 0);
    for (const s of listed) this.surnameHalf.set(s, 0);
    // Romanizations of one name (Kim, Gim, Ghim: one group of the data) share a half as well.
    const groupsOf = new Map<string, string[]>();
    for (const n of [...this.sur.values()].flat())
      groupsOf.set(fold(n.roman), [...(groupsOf.get(fold(n.roman)) ?? []), `${n.country}:${n.group}`]);
    const listedGroups = new Set(listed.flatMap((s) => groupsOf.get(s) ?? []));
    const sound = (s: string) => doubleMetaphone(s)[0];
    const listedSounds = new Set(listed.map(sound));
    for (const s of all.filter((_, i) => i % 2 === 1))
      this.surnameHalf.set(
        s,
        (groupsOf.get(s) ?? []).some((g) => listedGroups.has(g)) ||
          listedSounds.has(sound(s)) ||
          listed.some((l) => typoDistance(l, s) <= 1)
          ? 0
          : 1,
      );
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Popular names are picked more often than rare ones (weight 1/√rank), as in a real population. */
  private pickName(names: readonly PopularName[], not?: PopularName): PopularName {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 50) return names[0]!; // nothing else to pick: the caller gets a repeat
      const total = names.reduce((s, n) => s + 1 / Math.sqrt(n.rank), 0);
      let r = this.random() * total;
      for (const n of names) {
        r -= 1 / Math.sqrt(n.rank);
        if (r <= 0 && n.group !== not?.group && n.roman !== not?.roman) return n;
      }
    }
  }

  /** A person as named in a country: given names and surnames, both romanized and native. */
  person(country: string, half: 0 | 1 = 0): { given: PopularName[]; family: PopularName[]; country: string } {
    const fore = this.fore.get(country)!;
    const gender = this.random() < 0.5 ? 'F' : 'M';
    const gendered = fore.filter((n) => n.gender === gender);
    const pool = gendered.length > 0 ? gendered : fore;
    let surnamePool = this.sur.get(country) ?? [];
    {
      const mine = surnamePool.filter((n) => this.surnameHalf.get(fold(n.roman)) === half);
      surnamePool = mine.length > 0 ? mine : surnamePool.filter(() => half === 0);
    }
    const given = [this.pickName(pool)];
    if (ARAB.includes(country)) {
      // Given name, father's and often grandfather's given names: no family name in the data.
      const men = fore.filter((n) => n.gender === 'M');
      given.push(this.pickName(men, given[0]));
      if (this.random() < 0.5) given.push(this.pickName(men, given[1]));
      return { given, family: [], country };
    }
    if (!EAST_ASIAN.includes(country) && this.random() < 0.2) given.push(this.pickName(pool, given[0]));
    const family = [this.pickName(surnamePool)];
    if (HISPANIC.includes(country) && this.random() < 0.7) family.push(this.pickName(surnamePool, family[0]));
    return { given, family, country };
  }

  /** The surnames of a country that the watchlist may use (the screened population has the others). */
  private listedSurnames(country: string): PopularName[] | undefined {
    const names = this.sur.get(country)?.filter((n) => this.surnameHalf.get(fold(n.roman)) === 0);
    return names && names.length > 0 ? names : undefined;
  }

  /** Countries with both forenames and surnames in the data (or Arab naming, which needs no surname). */
  countries(): string[] {
    return [...this.fore.keys()].filter((c) => this.sur.has(c) || ARAB.includes(c)).sort();
  }

  static romanName(p: { given: PopularName[]; family: PopularName[]; country: string }): string {
    const given = p.given.map((n) => n.roman);
    const family = p.family.map((n) => n.roman);
    return (EAST_ASIAN.includes(p.country) ? [...family, ...given] : [...given, ...family]).join(' ');
  }

  /** 20,000 people from every country, filed on the watchlist around the listed side of the pairs. */
  population(count: number, half: 0 | 1): string[] {
    const countries = this.countries().filter(
      (c) =>
        (half === 0 && !this.sur.has(c)) ||
        (this.sur.get(c) ?? []).some((n) => this.surnameHalf.get(fold(n.roman)) === half),
    );
    return Array.from({ length: count }, () => NamePairs.romanName(this.person(this.pick(countries), half)));
  }

  nicknames(count: number): NamePair[] {
    const pairs = nicknamePairs();
    const anglo = ANGLO.flatMap((c) => this.listedSurnames(c) ?? []);
    return Array.from({ length: count }, () => {
      const [formal, nick] = this.pick(pairs);
      const surname = this.pickName(anglo).roman;
      const reversed = this.random() < 0.3;
      return {
        category: 'nickname',
        same: true,
        listed: `${reversed ? nick : formal} ${surname}`,
        visitor: `${reversed ? formal : nick} ${surname}`,
      };
    });
  }

  /** Native script on one side, the data's romanization on the other. */
  scripts(perScript: number): NamePair[] {
    const byScript = new Map<string, NamePair[]>();
    for (const country of this.countries()) {
      if (!this.sur.has(country)) continue;
      for (let k = 0; k < 200; k++) {
        const p = this.person(country);
        const native = [...p.given, ...p.family].map((n) => n.local);
        const script = country === 'JP' ? 'Japanese' : scriptOf(native.join(''));
        if (!script || [...p.given, ...p.family].some((n) => !scriptOf(n.local))) continue;
        const cjk = ['Chinese', 'Japanese', 'Korean'].includes(script);
        const listedNative = cjk
          ? p.family.map((n) => n.local).join('') + p.given.map((n) => n.local).join('')
          : native.join(' ');
        const roman = cjk
          ? this.random() < 0.5
            ? NamePairs.romanName(p)
            : [...p.given, ...p.family].map((n) => n.roman).join(' ')
          : NamePairs.romanName(p);
        const list = byScript.get(script) ?? [];
        const reversed = this.random() < 0.3;
        list.push({
          category: `script: ${script}`,
          same: true,
          listed: reversed ? roman : listedNative,
          visitor: reversed ? listedNative : roman,
        });
        byScript.set(script, list);
      }
    }
    return [...byScript.values()].flatMap((list) => this.sample(list, perScript));
  }

  private sample<T>(items: T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }

  /** Russian names romanized by two different standards (ICAO 9303, BGN/PCGN, GOST 7.79, …). */
  cyrillic(count: number): NamePair[] {
    const out: NamePair[] = [];
    while (out.length < count) {
      const p = this.person(this.pick(['RU', 'BY', 'KZ', 'UA', 'BG']));
      const native = [...p.given, ...p.family].map((n) => n.local).join(' ');
      if (!/^[\p{Script=Cyrillic} -]+$/u.test(native)) continue;
      const a = this.pick(CYRILLIC_SCHEMES);
      const b = this.pick(CYRILLIC_SCHEMES.filter((s) => s !== a));
      const listed = iuliia.translate(native, a);
      const visitor = this.random() < 0.25 ? NamePairs.romanName(p) : iuliia.translate(native, b);
      if (listed === visitor) continue;
      out.push({ category: 'transliteration: Russian', same: true, listed, visitor });
    }
    return out;
  }

  /** Greek names: ELOT 743 (passports) against the data's romanization or the Greek script. */
  greek(count: number): NamePair[] {
    const out: NamePair[] = [];
    for (let k = 0; out.length < count && k < count * 20; k++) {
      const p = this.person('GR');
      const native = [...p.given, ...p.family].map((n) => n.local);
      if (!native.every((w) => /\p{Script=Greek}/u.test(w))) continue;
      const elot = elot743(native.join(' '));
      const other = this.random() < 0.5 ? NamePairs.romanName(p) : native.join(' ');
      if (elot === other) continue;
      out.push({ category: 'transliteration: Greek', same: true, listed: elot, visitor: other });
    }
    return out;
  }

  /** Arabic names: each word spelt by one convention on the list and another at the door. */
  arabic(count: number): NamePair[] {
    const sets = variantSets('arabic-romanizations.txt');
    const given = sets.filter((s) => !/^al-|^Abu /.test(s[0]!));
    const family = sets.filter((s) => /^al-|^Abu /.test(s[0]!));
    return Array.from({ length: count }, () => {
      const words = [this.pick(given), this.pick(given)];
      words.push(this.random() < 0.6 ? this.pick(family) : this.pick(given));
      const listed = words.map((w) => this.pick(w));
      let visitor = words.map((w, i) => (this.random() < 0.6 ? this.pick(w) : listed[i]!));
      if (visitor.join() === listed.join())
        visitor = words.map((w, i) => this.pick(w.filter((s) => s !== listed[i])) ?? listed[i]!);
      return {
        category: 'transliteration: Arabic',
        same: true,
        listed: listed.join(' '),
        visitor: visitor.join(' '),
      };
    });
  }

  /** Names spelt differently but said alike: Kathryn/Catherine, Geoffrey/Jeffrey, Reid/Reed. */
  phonetic(count: number): NamePair[] {
    const sets = variantSets('spelling-variants.txt');
    const firstSurname = sets.findIndex((s) => s[0] === 'Smith');
    const given = sets.slice(0, firstSurname);
    const family = sets.slice(firstSurname);
    const anglo = ANGLO.flatMap((c) => this.listedSurnames(c) ?? []);
    return Array.from({ length: count }, () => {
      const g = this.pick(given);
      const changeSurname = this.random() < 0.4;
      const f = changeSurname ? this.pick(family) : [this.pickName(anglo).roman];
      const [g1, g2] = this.sample(g, 2);
      const [f1, f2] = changeSurname ? this.sample(f, 2) : [f[0]!, f[0]!];
      const keepGiven = changeSurname && this.random() < 0.5;
      return {
        category: 'phonetic spelling',
        same: true,
        listed: `${g1} ${f1}`,
        visitor: `${keepGiven ? g1 : g2} ${f2}`,
      };
    });
  }

  /** Particles joined or split, hyphens dropped or joined, Korean and Chinese given names split/joined. */
  particles(count: number): NamePair[] {
    const out: NamePair[] = [];
    const particled = ['NL', 'BE']
      .flatMap((c) => this.listedSurnames(c) ?? [])
      .filter((n) => / /.test(n.roman));
    const lowland = ['NL', 'BE', 'DE'].flatMap((c) => this.fore.get(c) ?? []);
    const french = ['FR', 'BE', 'CA', 'CH', 'DE', 'AT'];
    while (out.length < count) {
      const kind = this.pick(['particle', 'compound given', 'korean', 'chinese', 'double surname']);
      if (kind === 'particle') {
        const surname = this.pickName(particled).roman;
        const first = this.pickName(lowland).roman;
        const joined = this.pick([
          surname.replace(/ /g, ''),
          surname.replace(/ /g, '').toUpperCase(),
          surname
            .toLowerCase()
            .replace(
              /^(\S+( \S+)?) (\S+)$/,
              (_, p: string, __, s: string) => `${p} ${s[0]!.toUpperCase()}${s.slice(1)}`,
            ),
          surname
            .split(' ')
            .map((w) => w[0]!.toUpperCase() + w.slice(1))
            .join(''),
        ]);
        if (joined === surname) continue;
        out.push({
          category: 'particles and hyphens',
          same: true,
          listed: `${first} ${surname}`,
          visitor: `${first} ${joined}`,
        });
      } else if (kind === 'compound given') {
        const country = this.pick(french);
        const p = this.person(country);
        const other = this.pickName(
          this.fore.get(country)!.filter((n) => n.gender === p.given[0]!.gender),
          p.given[0],
        );
        const parts = [p.given[0]!.roman, other.roman];
        const hyphen = parts.join('-');
        const variant = this.pick([parts.join(' '), parts[0] + parts[1]!.toLowerCase()]);
        const surname = p.family.map((n) => n.roman).join(' ');
        out.push({
          category: 'particles and hyphens',
          same: true,
          listed: `${hyphen} ${surname}`,
          visitor: `${variant} ${surname}`,
        });
      } else if (kind === 'korean' || kind === 'chinese') {
        const p = this.person(kind === 'korean' ? 'KR' : this.pick(['CN', 'TW']));
        const given = p.given[0]!.roman;
        const syllables = kind === 'korean' ? given.split('-') : splitPinyin(given, p.given[0]!.local);
        if (syllables.length < 2) continue;
        const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1).toLowerCase();
        const forms = [syllables.map(cap).join('-'), syllables.map(cap).join(' '), cap(syllables.join(''))];
        const [a, b] = this.sample(forms, 2);
        const family = p.family[0]!.roman;
        const order = (g: string) => (this.random() < 0.5 ? `${family} ${g}` : `${g} ${family}`);
        out.push({ category: 'particles and hyphens', same: true, listed: order(a!), visitor: order(b!) });
      } else {
        const p = this.person(this.pick(['ES', 'MX', 'GB', 'CO']));
        const s2 = this.pickName(this.listedSurnames(p.country)!, p.family[0]).roman;
        const s1 = p.family[0]!.roman;
        const given = p.given[0]!.roman;
        const [a, b] = this.sample([`${s1}-${s2}`, `${s1} ${s2}`, `${s1}${s2.toLowerCase()}`], 2);
        out.push({
          category: 'particles and hyphens',
          same: true,
          listed: `${given} ${a}`,
          visitor: `${given} ${b}`,
        });
      }
    }
    return out;
  }

  /** Family name first (with or without a comma), or given name first for East Asian names. */
  order(count: number): NamePair[] {
    const countries = this.countries().filter((c) => this.sur.has(c));
    return Array.from({ length: count }, () => {
      const p = this.person(this.pick(countries));
      const listed = NamePairs.romanName(p);
      const given = p.given.map((n) => n.roman).join(' ');
      const family = p.family.map((n) => n.roman).join(' ');
      const visitor = EAST_ASIAN.includes(p.country)
        ? `${given} ${family}`
        : this.pick([`${family.toUpperCase()}, ${given}`, `${family} ${given}`]);
      return { category: 'order', same: true, listed, visitor };
    });
  }

  /**
   * A middle name or a second surname written on one side only (Emma Louise Martin / Emma Martin; García
   * López / García): people leave them out on forms. Not for Arab names (there another word is another
   * father) nor East Asian ones.
   */
  middleNames(count: number): NamePair[] {
    const countries = this.countries().filter(
      (c) => this.sur.has(c) && !ARAB.includes(c) && !EAST_ASIAN.includes(c),
    );
    return Array.from({ length: count }, () => {
      const country = this.pick(countries);
      const p = this.person(country);
      if (p.given.length < 2 && p.family.length < 2)
        p.given.push(this.pickName(this.fore.get(country)!, p.given[0]));
      const full = NamePairs.romanName(p);
      const short =
        p.family.length > 1 && (p.given.length < 2 || this.random() < 0.5)
          ? NamePairs.romanName({ ...p, family: p.family.slice(0, 1) })
          : NamePairs.romanName({ ...p, given: p.given.slice(0, 1) });
      const [listed, visitor] = this.random() < 0.5 ? [full, short] : [short, full];
      return { category: 'middle name or second surname', same: true, listed, visitor };
    });
  }

  /** Two slips (a letter changed, dropped, added or two swapped) in two words of a long name. */
  typos(count: number): NamePair[] {
    const out: NamePair[] = [];
    const countries = this.countries();
    while (out.length < count) {
      const listed = NamePairs.romanName(this.person(this.pick(countries)));
      const words = listed.split(' ');
      const long = words.map((w, i) => (w.length >= 5 ? i : -1)).filter((i) => i >= 0);
      if (words.length < 3 || long.length < 2) continue;
      for (const w of this.sample(long, 2)) words[w] = this.slip(words[w]!);
      out.push({ category: 'typos (two in a long name)', same: true, listed, visitor: words.join(' ') });
    }
    return out;
  }

  private slip(word: string): string {
    const at = 1 + Math.floor(this.random() * (word.length - 2));
    const letter = this.pick([...'abcdefghijklmnopqrstuvwxyz']);
    return this.pick([
      () => word.slice(0, at) + letter + word.slice(at + 1),
      () => word.slice(0, at) + word.slice(at + 1),
      () => word.slice(0, at) + letter + word.slice(at),
      () => word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    ])();
  }

  /** The project's own generator (accents, ü→ue, order, middle name, initial, one typo), as before. */
  synthetic(perKind: number): NamePair[] {
    const people = new SyntheticPeople(20250602);
    const listed = people.watchlist(perKind);
    return listed.flatMap(({ entry, person }) =>
      VARIANT_KINDS.flatMap((kind) => {
        const visitor = people.variant(person, kind);
        return visitor === null
          ? []
          : [{ category: 'synthetic (old generator)', same: true, listed: entry.name, visitor }];
      }),
    );
  }

  // --- different people -------------------------------------------------------------------------------

  /** Common given name and common surname: the same surname with another given name, or the reverse. */
  commonCollisions(count: number): NamePair[] {
    const countries = [
      'US',
      'GB',
      'DE',
      'FR',
      'ES',
      'IT',
      'NL',
      'PL',
      'TR',
      'BR',
      'MX',
      'SE',
      'DK',
      'NO',
    ].filter((c) => this.fore.has(c) && this.sur.has(c));
    return Array.from({ length: count }, () => {
      const country = this.pick(countries);
      const g1 = this.pickName(this.fore.get(country)!);
      const s1 = this.pickName(this.listedSurnames(country)!);
      const sameSurname = this.random() < 0.5;
      const g2 = sameSurname ? this.pickName(this.fore.get(country)!, g1) : g1;
      const s2 = sameSurname ? s1 : this.pickName(this.listedSurnames(country)!, s1);
      return {
        category: 'different: common given + surname',
        same: false,
        listed: `${g1.roman} ${s1.roman}`,
        visitor: `${g2.roman} ${s2.roman}`,
      };
    });
  }

  /** Short East Asian names sharing the family name (and often a syllable of the given name). */
  eastAsian(count: number): NamePair[] {
    return Array.from({ length: count }, () => {
      const country = this.pick(['CN', 'TW', 'KR']);
      const p = this.person(country);
      const other = this.pickName(this.fore.get(country)!, p.given[0]);
      const family = p.family[0]!.roman;
      return {
        category: 'different: short East Asian names',
        same: false,
        listed: `${family} ${p.given[0]!.roman}`,
        visitor: this.random() < 0.5 ? `${family} ${other.roman}` : `${other.roman} ${family}`,
      };
    });
  }

  /** Multi-word names sharing one given name and nothing else ("Jesse Maas" / "Bas Jesse de Groot"). */
  sharedGivenName(count: number): NamePair[] {
    const countries = ['NL', 'BE', 'DE', 'VN', 'KR', 'US', 'GB', 'ES', 'FR', 'IT'].filter(
      (c) => this.fore.has(c) && this.sur.has(c),
    );
    const vn = this.listedSurnames('VN') ?? [];
    return Array.from({ length: count }, () => {
      const country = this.pick(countries);
      const a = this.person(country);
      const b = this.person(country);
      const shared = a.given[0]!;
      const extra = this.pickName(this.fore.get(country)!, shared);
      const bFamily = this.pickName(this.listedSurnames(country) ?? vn, a.family[0]);
      return {
        category: 'different: one shared given name',
        same: false,
        listed: [extra.roman, shared.roman, ...a.family.map((n) => n.roman)].join(' '),
        visitor:
          [shared.roman, bFamily.roman].join(' ') + (b.family.length > 1 ? ` ${b.family[1]!.roman}` : ''),
      };
    });
  }

  /** Arab names sharing given and family name but with another father's name: different people. */
  arabicFathers(count: number): NamePair[] {
    const sets = variantSets('arabic-romanizations.txt');
    const given = sets.filter((s) => !/^al-|^Abu /.test(s[0]!));
    const family = sets.filter((s) => /^al-|^Abu /.test(s[0]!));
    return Array.from({ length: count }, () => {
      const g = this.pick(given)[0]!;
      const [f1, f2] = this.sample(given, 2);
      const fam = this.pick(family)[1]!;
      return {
        category: 'different: Arab names, another father',
        same: false,
        listed: `${g} ${f1![0]} ${fam}`,
        visitor: `${g} ${f2![0]} ${fam}`,
      };
    });
  }

  /** Every pair of the evaluation. */
  all(): NamePair[] {
    return [
      ...this.nicknames(500),
      ...this.scripts(150),
      ...this.cyrillic(300),
      ...this.greek(150),
      ...this.arabic(300),
      ...this.phonetic(300),
      ...this.particles(400),
      ...this.order(300),
      ...this.middleNames(300),
      ...this.typos(300),
      ...this.synthetic(60),
      ...this.commonCollisions(2000),
      ...this.eastAsian(400),
      ...this.sharedGivenName(400),
      ...this.arabicFathers(300),
    ];
  }
}

/** "Yǔxuān" written 宇轩 → ["Yu", "Xuan"]: one syllable a Han character (any-ascii reads each one). */
function splitPinyin(roman: string, han: string): string[] {
  const plain = roman.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const syllables = [...han].map((c) => anyAscii(c));
  if (syllables.join('').toLowerCase() !== plain.toLowerCase()) return [plain];
  const out: string[] = [];
  let at = 0;
  for (const s of syllables) {
    out.push(plain.slice(at, at + s.length));
    at += s.length;
  }
  return out;
}
