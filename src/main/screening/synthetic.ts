// Seeded synthetic people for measuring screening (the accuracy test and the gate bench): watchlist names
// from many naming traditions, the variants a real visitor's name takes (accents dropped, transliterated,
// words swapped, a middle name missing, an initial, one typo), and unrelated people. Deterministic for a
// seed, so a measured recall is reproducible.
import { foldName, spellingKey } from './normalise';
import { typoDistance } from './similarity';
import type { WatchlistEntry } from './watchlist';

const FIRST_NAMES = (
  'Jürgen Michael Anna Søren José María François Zoë Łukasz Małgorzata Björn Åsa Jiří Zdeněk Ömer Çağla ' +
  'Mohammed Fatima Ahmed Yusuf Aisha Omar Layla Hassan Ivan Olga Dmitri Natalia Sergei Svetlana Giovanni ' +
  'Giulia Francesca Matteo Sofia Lorenzo Chiara John Mary Elizabeth William Catherine Robert Patricia ' +
  'Thomas Margaret Christopher Jennifer Daniel Hélène Amélie Jérôme Bénédicte Sébastien Grégoire Ingrid ' +
  'Kristoffer Mikael Astrid Henrik Sigrid Minh Wei Xiaoming Hiroshi Yuki Kenji Sakura Priya ' +
  'Rajesh Ananya Vikram Oluwaseun Chidi Ngozi Kwame Abena Tomás Joaquín Inés Ramón Begoña Agustín Dolores ' +
  'Mateus Conceição João Gonçalo Siobhán Seán Niamh Pádraig Eoin Gráinne Stanisław Wojciech Krzysztof ' +
  'Bartłomiej Ágnes Zoltán Erzsébet Gábor Dániel Ilse Dieter Ursula Günther Gisela Wolfgang'
).split(' ');

const SURNAMES = (
  'Müller Schröder Weiß Groß Köhler Strauß Søndergaard Kierkegaard Bjørnstad Ødegård Åkesson Lindqvist ' +
  'Häkkinen Järvinen García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Núñez ' +
  'Ibáñez Muñoz Castañeda Dubois Lefèvre Girard Bézier Mercier Fontaine Lemaître Chevalier Nowak ' +
  'Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Dvořák Novotný Procházka Černý Horváth ' +
  'Kovács Szabó Tóth Nagy Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Al-Rashid Haddad Khoury Nasser ' +
  'Mansour Abdullah Rahman Hussein Ivanov Petrov Smirnov Kuznetsov Popov Volkov Sokolov Rossi Russo ' +
  'Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Smith Johnson Williams Brown Jones Miller ' +
  'Davis Wilson Anderson Taylor Thompson Moore Jackson Harris Clarke Nguyen Tran Pham Hoang Huynh ' +
  'Zhang Wang Chen Liu Yang Tanaka Watanabe Yamamoto Nakamura Kobayashi Suzuki Sharma Patel Gupta ' +
  'Iyer Reddy Chatterjee Okonkwo Adeyemi Mensah Owusu Boateng Nkemelu Oliveira Santos Ferreira ' +
  'Carvalho Gonçalves Magalhães Súilleabháin MacGiolla Bhriain Ceallaigh Fitzgerald Doyle ' +
  'Brennan Gallagher Schwarzenegger Zimmermann Hoffmann Baumgärtner Oberhäuser Fußmann Weißmüller'
).split(' ');

const TRANSLITERATIONS: [RegExp, string][] = [
  [/ü/g, 'ue'],
  [/ö/g, 'oe'],
  [/ä/g, 'ae'],
  [/Ü/g, 'Ue'],
  [/Ö/g, 'Oe'],
  [/Ä/g, 'Ae'],
  [/ß/g, 'ss'],
  [/ø/g, 'oe'],
  [/Ø/g, 'Oe'],
  [/å/g, 'aa'],
  [/Å/g, 'Aa'],
  [/æ/g, 'ae'],
  [/ł/g, 'l'],
  [/Ł/g, 'L'],
  [/ı/g, 'i'],
];

export type VariantKind = 'accents' | 'transliteration' | 'order' | 'middle name' | 'initial' | 'typo';
export const VARIANT_KINDS: readonly VariantKind[] = [
  'accents',
  'transliteration',
  'order',
  'middle name',
  'initial',
  'typo',
];

/** A small fast seeded PRNG (mulberry32): the same seed gives the same people. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticPerson {
  first: string;
  middle?: string;
  surnames: string[];
}

export const fullName = (p: SyntheticPerson) => [p.first, p.middle, ...p.surnames].filter(Boolean).join(' ');

/** Two names one slip apart, before or after spelling rules. */
function nearlySame(a: string, b: string): boolean {
  const [fa, fb] = [foldName(a), foldName(b)];
  return typoDistance(fa, fb) <= 1 || typoDistance(spellingKey(fa), spellingKey(fb)) <= 1;
}

export class SyntheticPeople {
  private readonly random: () => number;
  /**
   * Surnames split in two: watchlist people take theirs from one half, unrelated people from the other.
   * A surname one slip from a listed one (Miller and Müller, Wang and Yang) is not "unrelated": it is
   * exactly the variant screening must catch, so such surnames all go to the listed half.
   */
  private readonly listedSurnames: string[];
  private readonly otherSurnames: string[];

  constructor(seed: number) {
    this.random = seededRandom(seed);
    const shuffled = this.shuffle([...SURNAMES]);
    this.listedSurnames = shuffled.slice(0, shuffled.length / 2);
    this.otherSurnames = [];
    for (const surname of shuffled.slice(shuffled.length / 2)) {
      const near = this.listedSurnames.some((listed) => nearlySame(listed, surname));
      (near ? this.listedSurnames : this.otherSurnames).push(surname);
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  private person(surnames: readonly string[]): SyntheticPerson {
    const first = this.pick(FIRST_NAMES);
    let middle: string | undefined = this.random() < 0.3 ? this.pick(FIRST_NAMES) : undefined;
    if (middle === first) middle = undefined;
    const family = [this.pick(surnames)];
    if (this.random() < 0.15) family.push(this.pick(surnames));
    return { first, ...(middle ? { middle } : {}), surnames: [...new Set(family)] };
  }

  private date(): string {
    const y = 1940 + Math.floor(this.random() * 65);
    const m = 1 + Math.floor(this.random() * 12);
    const d = 1 + Math.floor(this.random() * 28);
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }

  /** Watchlist entries with their people; about a quarter have an alias, half an ID number. */
  watchlist(count: number): { entry: WatchlistEntry; person: SyntheticPerson }[] {
    return Array.from({ length: count }, (_, i) => {
      const person = this.person(this.listedSurnames);
      const alias = this.random() < 0.25 ? [fullName(this.person(this.listedSurnames))] : [];
      const entry: WatchlistEntry = {
        id: `entry-${i}`,
        name: fullName(person),
        aliases: alias,
        dateOfBirth: this.random() < 0.6 ? this.date() : null,
        idNumber: this.random() < 0.5 ? `X${Math.floor(this.random() * 1e8)}` : null,
        reason: 'synthetic',
        level: this.random() < 0.3 ? 'deny' : 'alert',
      };
      return { entry, person };
    });
  }

  /** People whose surnames never appear on the watchlist (first names may: there are many Marias). */
  unrelated(count: number): SyntheticPerson[] {
    return Array.from({ length: count }, () => this.person(this.otherSurnames));
  }

  /** How a visitor might write this person's name; null when the variant does not apply. */
  variant(person: SyntheticPerson, kind: VariantKind): string | null {
    const name = fullName(person);
    switch (kind) {
      case 'accents':
        return name.normalize('NFKD').replace(/\p{M}+/gu, '');
      case 'transliteration': {
        const changed = TRANSLITERATIONS.reduce((text, [from, to]) => text.replace(from, to), name);
        return changed
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '')
          .toUpperCase();
      }
      case 'order':
        return `${person.surnames.join(' ')}, ${[person.first, person.middle].filter(Boolean).join(' ')}`;
      case 'middle name':
        // Drop the middle name the watchlist has, or add one it lacks.
        return person.middle
          ? fullName({ ...person, middle: undefined })
          : fullName({ ...person, middle: this.pick(FIRST_NAMES) });
      case 'initial':
        return fullName({ ...person, first: `${person.first[0]}.` });
      case 'typo':
        return this.typo(name);
    }
  }

  /** One keyboard slip in one word of four letters or more: a letter changed, dropped, doubled or swapped. */
  private typo(name: string): string | null {
    const words = name.split(' ');
    const long = words.map((w, i) => (w.length >= 4 ? i : -1)).filter((i) => i >= 0);
    if (long.length === 0) return null;
    const w = this.pick(long);
    const word = words[w]!;
    const at = Math.floor(this.random() * (word.length - 1));
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const edits = [
      () => word.slice(0, at) + this.pick([...letters]) + word.slice(at + 1),
      () => word.slice(0, at) + word.slice(at + 1),
      () => word.slice(0, at) + this.pick([...letters]) + word.slice(at),
      () => word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    ];
    words[w] = this.pick(edits)();
    return words.join(' ');
  }
}
