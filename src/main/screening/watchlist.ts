// Watchlist screening: is this visitor someone on the site's watchlist? An index is built once from the
// entries (and kept up to date with upsert/remove); screening one visitor then looks up only the entries
// that share a name word with them (exactly, by spelling key, one typo away, as a nickname, by sound, with
// a particle or a second word joined on) or their ID number, and scores those few in full. A match of
// common words (a frequent given name and surname) counts for less than a match of rare ones. Nothing here
// touches the database: the service feeds entries in. docs/passes-and-screening.md explains the rules.
import type { WatchlistLevel } from '../../shared/domain';
import {
  MIN_ID_NUMBER_LENGTH,
  nameTokens,
  normaliseIdNumber,
  spellingKey,
  withoutAccents,
  type NameToken,
} from './normalise';
import { wadeGilesName } from './romanisation';
import { jaroWinkler, typoDistance } from './similarity';
import {
  isCommonWord,
  isGivenAndFamilyName,
  isListedName,
  nicknamesOf,
  sameNickname,
  soundTheSame,
} from './variants';

/** The fields of a watchlist_entries row that screening uses. */
export interface WatchlistEntry {
  id: string;
  name: string;
  aliases?: readonly string[];
  /** YYYY-MM-DD */
  dateOfBirth?: string | null;
  idNumber?: string | null;
  reason: string;
  level: WatchlistLevel;
  /** ISO instant; the entry stops matching from then on. */
  expiresAt?: string | null;
  deletedAt?: string | null;
}

/** Who is being screened: a visitor at check-in, at the desk or at the gate. */
export interface ScreeningSubject {
  name: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string | null;
  idNumber?: string | null;
}

export interface ScreeningOptions {
  /** Matches scoring below this (0..1) are not reported: a site setting. */
  threshold: number;
  now: Date;
  /** At most this many matches, best first (default 5). */
  limit?: number;
}

/** How one word of the visitor's name met a word of the entry's name (or two words written as one). */
export type WordMatch =
  'exact' | 'accents' | 'spelling' | 'initial' | 'typo' | 'nickname' | 'phonetic' | 'particle' | 'joined';

export interface WordEvidence {
  visitor: string;
  entry: string;
  how: WordMatch;
  similarity: number;
}

export type Evidence =
  | {
      field: 'name' | 'alias';
      /** The entry's name or alias as written on the watchlist. */
      value: string;
      score: number;
      words: WordEvidence[];
      /** Words were in another order (Smith John / John Smith). */
      reordered: boolean;
      /** Words one side has and the other lacks (a middle name, a second surname). */
      unmatchedWords: number;
    }
  | { field: 'dateOfBirth'; how: 'equal' | 'close' | 'different' }
  | { field: 'idNumber'; how: 'equal' };

export interface ScreeningMatch {
  entryId: string;
  level: WatchlistLevel;
  reason: string;
  score: number;
  evidence: Evidence[];
}

export interface ScreeningResult {
  /** deny when any deny entry matched (the visit is blocked), alert when only alert entries matched. */
  verdict: 'clear' | 'alert' | 'deny';
  /** How many entries matched; `matches` holds the first `limit` of them, deny entries first. */
  total: number;
  matches: ScreeningMatch[];
}

export const DEFAULT_SCREENING_THRESHOLD = 0.85;

/** What an initial standing for a whole word is worth: "J. Smith" is less sure than "John Smith". */
const INITIAL_SIMILARITY = 0.8;
/** A nickname of the same formal name (Bill, William), or the same sound spelt otherwise (Kathryn, Catherine). */
const NICKNAME_SIMILARITY = 0.9;
const PHONETIC_SIMILARITY = 0.9;
/** Words that sound alike must also look alike this much (Jaro-Winkler), or Maria would meet Meyer. */
const PHONETIC_MIN_LOOKALIKE = 0.8;
/** The same word but for how its short vowels were romanised (Omer, Umar): nearly sure, not quite. */
const VOWEL_SIMILARITY = 0.95;
/** The same word with a particle written joined to it (Vandenberg, van den Berg). */
const PARTICLE_SIMILARITY = 0.95;
/**
 * Each word only one side has (a middle name) costs this much: John Smith still meets John Paul Smith, but a
 * near match of one word plus a word left over (Noah Jackson, Noah Jack Robinson) falls below the threshold.
 * 0.07 rather than 0.03 since 2026-12-06: a middle name written on one side only is still found 99 % of the
 * time (bench `middle name or second surname`), and fewer strangers meet a listed name (bench/README.md).
 */
const UNMATCHED_WORD_PENALTY = 0.07;
/** One shared word is not a name match ("Smith" against "John Smith"), whatever else agrees. */
const SINGLE_WORD_CAP = 0.7;
/** A slip is only forgiven in words this long (both of them): Ali and Eli, Thu and Thuy, Maas and Bas differ. */
const MIN_TYPO_LENGTH = 4;
/** A slip is forgiven after another romanisation of a word (its alts) only when that is this long. */
const MIN_TYPO_ALT_LENGTH = 5;
/** …and a letter dropped or added only when the longer word has at least this many letters. */
const MIN_TYPO_INSERT_LENGTH = 6;
/**
 * Rarity: a matched word that is one of the most common given names or surnames (or has three letters or
 * fewer) counts as this much evidence, an initial as less, a rarer word as 1, and a near match less than an
 * exact one. Below NEEDED_EVIDENCE (more when words are left over) the score loses RARITY_PENALTY per missing
 * unit: "Maria Garcia" needs a closer match than "Zbigniew Brzezinski".
 */
const COMMON_WORD_EVIDENCE = 0.6;
const INITIAL_EVIDENCE = 0.5;
/** A word matched only nearly (a typo, a nickname, a sound) is that much weaker evidence. */
const FUZZY_EVIDENCE = 0.75;
/** Two common words matched exactly (John Smith = John Smith) are enough. */
const NEEDED_EVIDENCE = 1.2;
const RARITY_PENALTY = 0.1;
/** Each word one side has and the other lacks asks for this much more evidence (Maria Garcia ⊂ Maria José Garcia López). */
const UNMATCHED_EVIDENCE = 0.5;
/** What a name that may be someone's given names only costs (givenNamesOnly): an equal date of birth makes up for it. */
const GIVEN_NAMES_ONLY_PENALTY = 0.1;

interface NameRecord {
  /** Position in WatchlistIndex.records, so a screening can tally hits in a typed array. */
  slot: number;
  entry: WatchlistEntry;
  field: 'name' | 'alias';
  value: string;
  tokens: NameToken[];
  /** The words and each two neighbours joined, for scoreNames. */
  units: Unit[];
}

const isInitial = (t: NameToken) => t.text.length === 1;

/** How two words match, or null when they do not. */
export function matchWords(a: NameToken, b: NameToken): { how: WordMatch; similarity: number } | null {
  if (isInitial(a) || isInitial(b)) {
    if (isInitial(a) && isInitial(b)) return a.key === b.key ? { how: 'exact', similarity: 1 } : null;
    // A family name of one letter is a name, not an initial: Korean 우 U is Woo, 이 I is Yi, 오 O is Oh.
    const [letter, word] = isInitial(a) ? [a, b] : [b, a];
    if (word.key === letter.key || word.alts?.includes(letter.key)) return { how: 'spelling', similarity: 1 };
    return a.text[0] === b.text[0] ? { how: 'initial', similarity: INITIAL_SIMILARITY } : null;
  }
  if (a.key === b.key) {
    if (a.word === b.word) return { how: 'exact', similarity: 1 };
    return { how: withoutAccents(a.word) === withoutAccents(b.word) ? 'accents' : 'spelling', similarity: 1 };
  }
  // Another romanisation of the same name (Lee, Yi; Wong, Huang; Chun-chieh, Junjie; Đorđević, Djordjevic).
  if (a.alts?.includes(b.key) || b.alts?.includes(a.key)) return { how: 'spelling', similarity: 1 };
  if ((a.bare && (a.bare === b.key || a.bare === b.bare)) || (b.bare && b.bare === a.key))
    return { how: 'particle', similarity: PARTICLE_SIMILARITY };
  if (a.vowels?.some((k) => b.vowels?.includes(k))) return { how: 'spelling', similarity: VOWEL_SIMILARITY };
  if (sameNickname(a.text, b.text)) return { how: 'nickname', similarity: NICKNAME_SIMILARITY };
  // A sound of one or two letters (Zhao, Zhou → J; Maria, Meyer → MR) says too little, and so does a short word that starts otherwise
  // (Joon, Yoon → AN).
  const soundAlike =
    (a.text[0] === b.text[0] ||
      (VOWEL_START.test(a.text) && VOWEL_START.test(b.text)) || // Umar, Omar, Omer (Arabic short vowels)
      Math.min(a.text.length, b.text.length) >= 5) &&
    a.sounds.some((s) => s.length > 2 && b.sounds.includes(s));
  if (isTypo(a, b)) {
    if (twoListedNames(a, b)) return null;
    const similarity = Math.round(lookalike(a, b) * 100) / 100;
    return soundAlike && similarity < PHONETIC_SIMILARITY
      ? { how: 'phonetic', similarity: PHONETIC_SIMILARITY }
      : { how: 'typo', similarity };
  }
  if (soundAlike && lookalike(a, b) >= PHONETIC_MIN_LOOKALIKE && !twoListedNames(a, b))
    return { how: 'phonetic', similarity: PHONETIC_SIMILARITY };
  return null;
}

// Module-level rather than inside matchWords and isTypo, which run for every word pair scored: no closure or
// regular expression made per call.
const VOWEL_START = /^[aeiou]/;
const VOWEL = /[aeiou]/;
const VOWEL_OR_Y = /[aeiouy]/;
const J_Y_I_START = /^[ijy]/;

/** How alike two words look, by key or as written (Jaro-Winkler). */
const lookalike = (a: NameToken, b: NameToken) =>
  Math.max(jaroWinkler(a.key, b.key), jaroWinkler(a.text, b.text));

/**
 * Two names of the public lists a slip or a sound apart are two names, not one name mistyped (Novik, Novak;
 * Smet, Smith; Emma, Ella; Kazi, Katz; William, Williams): a typo rarely makes another real name. Between them a
 * slip counts only when it spells the same sound (Nowak, Novak; Mayer, Meyer; Fisher, Fischer), and in a short
 * word not even then when it changes a lone vowel (Novik, Novak; Salo, Sala; Smet, Smit). A long name whose
 * other words agree may still forgive it (forgiveSlipInContext).
 */
function twoListedNames(a: NameToken, b: NameToken): boolean {
  if (!isListedName(a.text) || !isListedName(b.text)) return false;
  if (!soundTheSame(a.text, b.text)) return true;
  return Math.min(a.text.length, b.text.length) < MIN_TYPO_INSERT_LENGTH && loneVowelApart(a.text, b.text);
}

/** The same letters but one vowel standing between consonants (Novik, Novak; Salo, Sala). */
function loneVowelApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return false;
    at = i;
  }
  const nextToVowel = VOWEL_OR_Y.test(a[at - 1] ?? '') || VOWEL_OR_Y.test(a[at + 1] ?? '');
  return at >= 0 && VOWEL.test(a[at]!) && VOWEL.test(b[at]!) && !nextToVowel;
}

/** One slip apart, before or after the spelling rules (which can turn one slip into two: Lóez → "loz"). */
function isTypo(a: NameToken, b: NameToken): boolean {
  const shorter = Math.min(a.text.length, b.text.length);
  const longer = Math.max(a.text.length, b.text.length);
  if (shorter < MIN_TYPO_LENGTH) return false;
  // …or after another romanisation (Hicham is Hisham, one slip from Hesham); not for the short family
  // names of the tables (Wong is Huang and one slip from Wang, which is not Huang).
  if (slips(a.key, b.key, shorter, longer) || slips(a.text, b.text, shorter, longer)) return true;
  for (const k of a.alts ?? [])
    if (k.length >= MIN_TYPO_ALT_LENGTH && slips(k, b.key, shorter, longer)) return true;
  for (const k of b.alts ?? [])
    if (k.length >= MIN_TYPO_ALT_LENGTH && slips(a.key, k, shorter, longer)) return true;
  return false;
}

/** x and y one slip apart, for words of `shorter` and `longer` letters as written (isTypo). */
function slips(x: string, y: string, shorter: number, longer: number): boolean {
  return (
    (x.length === y.length || longer >= MIN_TYPO_INSERT_LENGTH) &&
    (sameStart(x, y, shorter) || shorter >= MIN_TYPO_INSERT_LENGTH) &&
    typoDistance(x, y) <= 1
  );
}

/**
 * In a short word a different first letter is another name (Joon, Yoon; Zong, Vong), not a slip; but j, y
 * and i at the start are one letter romanised three ways (Joana, Yoana, Ioana: Й, Я, Ю, Е).
 */
const sameStart = (x: string, y: string, shorter: number) =>
  x[0] === y[0] || (shorter >= 5 && J_Y_I_START.test(x) && J_Y_I_START.test(y));

/** Two words written as one may differ by a slip only when both spellings are this long (Abubakr, Abubakar). */
const MIN_JOINED_TYPO_LENGTH = 7;
/** A long name: three words or more on both sides. */
const CONTEXT_MIN_WORDS = 3;
/** Words of a long name that must already agree, each at least this closely, before a short slip is forgiven. */
const CONTEXT_AGREEING_WORDS = 2;
const CONTEXT_MIN_SIMILARITY = 0.9;

/**
 * A letter dropped or added in a short word (Mria, Maria; Ahed, Ahmed; Medi, Mehdi), or a slip between two
 * listed names (Asel, Aksel), is forgiven once, and only in a long name whose other words already agree: on
 * its own a word one letter from another is often another name (Thu, Thuy; Maas, Bas; Novik, Novak), which is
 * why matchWords refuses it.
 */
function forgiveSlipInContext(
  visitor: readonly NameToken[],
  entry: readonly NameToken[],
  chosen: { a: Unit; b: Unit; how: WordMatch; similarity: number }[],
  usedI: Set<number>,
  usedJ: Set<number>,
): void {
  if (visitor.length < CONTEXT_MIN_WORDS || entry.length < CONTEXT_MIN_WORDS) return;
  const agreeing = chosen.filter((p) => p.how !== 'initial' && p.similarity >= CONTEXT_MIN_SIMILARITY);
  if (agreeing.length < CONTEXT_AGREEING_WORDS) return;
  for (let i = 0; i < visitor.length; i++) {
    const a = visitor[i]!;
    if (usedI.has(i) || isInitial(a)) continue;
    for (let j = 0; j < entry.length; j++) {
      const b = entry[j]!;
      if (usedJ.has(j) || isInitial(b) || !isShortSlip(a, b)) continue;
      const similarity =
        Math.round(Math.max(jaroWinkler(a.key, b.key), jaroWinkler(a.text, b.text)) * 100) / 100;
      chosen.push({
        a: { from: i, to: i, token: a },
        b: { from: j, to: j, token: b },
        how: 'typo',
        similarity,
      });
      usedI.add(i);
      usedJ.add(j);
      return;
    }
  }
}

function isShortSlip(a: NameToken, b: NameToken): boolean {
  if (Math.min(a.text.length, b.text.length) < MIN_TYPO_LENGTH || a.text[0] !== b.text[0]) return false;
  return typoDistance(a.key, b.key) <= 1 || typoDistance(a.text, b.text) <= 1;
}

/** Two neighbouring words written as one (Min-jun / Minjun, Anne Marie / Annemarie): `from` and `to`. */
interface Unit {
  from: number;
  to: number;
  token: NameToken;
}

/** The words of a name and each two neighbouring full words joined, as one more word each. */
function unitsOf(tokens: readonly NameToken[]): Unit[] {
  const units: Unit[] = tokens.map((token, i) => ({ from: i, to: i, token }));
  for (let i = 0; i + 1 < tokens.length; i++) {
    const joined = joinTokens(tokens[i]!, tokens[i + 1]!);
    if (joined) units.push({ from: i, to: i + 1, token: joined });
  }
  return units;
}

function joinTokens(a: NameToken, b: NameToken): NameToken | null {
  if (isInitial(a) || isInitial(b) || a.text.length + b.text.length < 4) return null;
  const text = a.text + b.text;
  const key = spellingKey(text);
  // A Taiwanese given name in Wade-Giles (Chun-chieh) is its pinyin written as one word (Junjie).
  const alts = wadeGilesName(a.text, b.text)
    .map(spellingKey)
    .filter((k) => k !== key);
  return { word: a.word + b.word, text, key, sounds: [], joined: true, ...(alts.length ? { alts } : {}) };
}

type WordMatcher = (a: NameToken, b: NameToken) => ReturnType<typeof matchWords>;

/**
 * matchWords remembered for one screening: the names it scores share most of their words (the same given
 * names and surnames again and again), and the index hands out one token object per word (WatchlistIndex.share).
 */
function rememberingMatcher(): WordMatcher {
  const seen = new Map<NameToken, Map<NameToken, ReturnType<typeof matchWords>>>();
  return (a, b) => {
    let row = seen.get(a);
    if (!row) seen.set(a, (row = new Map()));
    let m = row.get(b);
    if (m === undefined) row.set(b, (m = matchWords(a, b)));
    return m;
  };
}

/** How well two names match, 0..1, with the word pairs behind the score. */
export function scoreNames(
  visitor: readonly NameToken[],
  entry: readonly NameToken[],
  visitorUnits: readonly Unit[] = unitsOf(visitor),
  entryUnits: readonly Unit[] = unitsOf(entry),
  match: WordMatcher = matchWords,
): { score: number; words: WordEvidence[]; reordered: boolean; unmatchedWords: number } {
  // Pair the words greedily, best pairs first: names are a handful of words, so this is exact enough. Two
  // joined words may pair with one (never two joined with two: that is two single pairs).
  const pairs: { a: Unit; b: Unit; how: WordMatch; similarity: number }[] = [];
  for (const a of visitorUnits)
    for (const b of entryUnits) {
      const joined = a.from !== a.to || b.from !== b.to;
      if (a.from !== a.to && b.from !== b.to) continue;
      if (joined && (isInitial(a.token) || isInitial(b.token))) continue;
      const m = match(a.token, b.token);
      // Joined words must be the same word: Ha-joon against Hayoon is one slip, but another name. A long one
      // may have a slip (Abu Bakr, Abubakar).
      const sameWord = m && (m.how === 'exact' || m.how === 'accents' || m.how === 'spelling');
      const longSlip =
        m?.how === 'typo' && Math.min(a.token.text.length, b.token.text.length) >= MIN_JOINED_TYPO_LENGTH;
      if (!m || (joined && !sameWord && !longSlip)) continue;
      pairs.push({ a, b, how: joined ? 'joined' : m.how, similarity: m.similarity });
    }
  pairs.sort(
    (p, q) =>
      q.similarity - p.similarity ||
      span(q) - span(p) ||
      Math.abs(p.a.from - p.b.from) - Math.abs(q.a.from - q.b.from),
  );
  const usedI = new Set<number>();
  const usedJ = new Set<number>();
  const chosen = pairs.filter((p) => {
    for (let i = p.a.from; i <= p.a.to; i++) if (usedI.has(i)) return false;
    for (let j = p.b.from; j <= p.b.to; j++) if (usedJ.has(j)) return false;
    for (let i = p.a.from; i <= p.a.to; i++) usedI.add(i);
    for (let j = p.b.from; j <= p.b.to; j++) usedJ.add(j);
    return true;
  });
  forgiveSlipInContext(visitor, entry, chosen, usedI, usedJ);
  // Two words written as one count as one word on that side.
  const visitorLength = visitor.length - chosen.reduce((n, p) => n + p.a.to - p.a.from, 0);
  const entryLength = entry.length - chosen.reduce((n, p) => n + p.b.to - p.b.from, 0);
  const shorter = Math.min(visitorLength, entryLength);
  const longer = Math.max(visitorLength, entryLength);
  const unmatchedWords = visitorLength + entryLength - 2 * chosen.length;
  let score = 0;
  if (chosen.some((p) => p.how !== 'initial') && shorter > 0) {
    score =
      chosen.reduce((sum, p) => sum + p.similarity, 0) / shorter -
      UNMATCHED_WORD_PENALTY * (longer - shorter);
    if (shorter === 1 && longer > 1) score = Math.min(score, SINGLE_WORD_CAP);
    // The same word matched twice (Ahmed Ahmed, Ahmed Youssef Ahmed) is evidence of one word.
    const counted = new Set<string>();
    const evidence = chosen.reduce((sum, p) => {
      if (p.how === 'initial') return sum + INITIAL_EVIDENCE;
      if (counted.has(p.a.token.key) || counted.has(p.b.token.key)) return sum;
      counted.add(p.a.token.key).add(p.b.token.key);
      const weight = isCommonWord(p.b.token.text) || isCommonWord(p.a.token.text) ? COMMON_WORD_EVIDENCE : 1;
      return sum + weight * (p.similarity < 1 ? FUZZY_EVIDENCE : 1);
    }, 0);
    const needed = NEEDED_EVIDENCE + UNMATCHED_EVIDENCE * unmatchedWords;
    if (shorter > 1) score -= RARITY_PENALTY * Math.max(0, needed - evidence);
    if (givenNamesOnly(visitor, entry, chosen, usedI, usedJ)) score -= GIVEN_NAMES_ONLY_PENALTY;
  }
  chosen.sort((p, q) => p.a.from - q.a.from);
  const reordered = chosen.some((p, k) => k > 0 && p.b.from < chosen[k - 1]!.b.from);
  const words = chosen.map((p) => ({
    visitor: p.a.token.text,
    entry: p.b.token.text,
    how: p.how,
    similarity: p.similarity,
  }));
  return { score: Math.max(0, score), words, reordered, unmatchedWords };
}

/** How many words beyond one a pair of scoreNames covers (two written as one). */
const span = (p: { a: Unit; b: Unit }) => p.a.to - p.a.from + p.b.to - p.b.from;

/**
 * A two-word name inside a three-word one whose last word (the family name) is left over, when the two-word
 * name ends in a word that is a given name as well as a family name: it may be another person's given names
 * (David Matei / David Matei Popa, Syed Ahmed / Syed Ahmed Islam), where Emma Martin / Emma Louise Martin and
 * María García / María García López are one person.
 */
function givenNamesOnly(
  visitor: readonly NameToken[],
  entry: readonly NameToken[],
  chosen: readonly { a: Unit; b: Unit }[],
  usedI: ReadonlySet<number>,
  usedJ: ReadonlySet<number>,
): boolean {
  if (chosen.length !== 2 || chosen.some((p) => p.a.from !== p.a.to || p.b.from !== p.b.to)) return false;
  const [short, long, usedLong] =
    visitor.length < entry.length ? [visitor, entry, usedJ] : [entry, visitor, usedI];
  return short.length === 2 && long.length === 3 && !usedLong.has(2) && isGivenAndFamilyName(short[1]!.text);
}

type DateComparison = 'equal' | 'close' | 'different' | 'unknown';
const DATE_OF_BIRTH_ADJUSTMENT: Record<DateComparison, number> = {
  equal: 0.1,
  close: 0,
  different: -0.15,
  unknown: 0,
};

function compareDates(a: string | null | undefined, b: string | null | undefined): DateComparison {
  if (!a || !b) return 'unknown';
  if (a === b) return 'equal';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  // Same year and the day and month swapped, or only the day differing: likely a typing slip.
  if (ya === yb && ((ma === db && da === mb) || ma === mb)) return 'close';
  return 'different';
}

function isActive(entry: WatchlistEntry, now: Date): boolean {
  return !entry.deletedAt && (!entry.expiresAt || Date.parse(entry.expiresAt) > now.getTime());
}

/**
 * The strings under which a word is filed for search: for typos (the symmetric-delete method) the word and
 * each of its one-letter deletions, for its folded text and its spelling key, so two words one slip apart
 * always share one; its key without a joined particle; "n:" and its formal names; "s:" and its sounds.
 */
function lookupForms(token: NameToken): Set<string> {
  const out = new Set<string>([token.text, token.key, ...(token.alts ?? [])]);
  // Two words joined are looked up as written only: a slip inside as well is more than screening forgives.
  if (token.joined) return out;
  const typoAlts = (token.alts ?? []).filter((k) => k.length >= MIN_TYPO_ALT_LENGTH);
  for (const form of [token.text, token.key, ...typoAlts]) {
    out.add(form);
    for (let i = 0; i < form.length; i++) out.add(form.slice(0, i) + form.slice(i + 1));
  }
  if (token.bare) out.add(token.bare);
  for (const vowels of token.vowels ?? []) out.add(`v:${vowels}`);
  for (const formal of nicknamesOf(token.text)) out.add(`n:${formal}`);
  for (const sound of token.sounds) out.add(`s:${sound}`);
  return out;
}

/** What makes a token (nameTokens: the word as written and as folded), and a token of two words joined. */
const tokenId = (t: NameToken) => `${t.word}\u0000${t.text}`;
const joinedId = (tokens: readonly NameToken[], u: Unit) =>
  `${tokenId(tokens[u.from]!)}\u0001${tokenId(tokens[u.to]!)}`;

/** The distinct full words of a name (no initials). */
const fullWordsOf = (tokens: readonly NameToken[]) => {
  const byText = new Map<string, NameToken>();
  for (const t of tokens) if (!isInitial(t)) byText.set(t.text, t);
  return [...byText.values()];
};

/** Each two neighbouring full words of a name joined: what someone writing them as one word would type. */
const joinedWordsOf = (tokens: readonly NameToken[]) => {
  const byText = new Map<string, NameToken>();
  for (const unit of unitsOf(tokens)) if (unit.from !== unit.to) byText.set(unit.token.text, unit.token);
  return [...byText.values()];
};

export class WatchlistIndex {
  private readonly entries = new Map<
    string,
    { entry: WatchlistEntry; records: NameRecord[]; idNumber: string | null }
  >();
  /** Spelling key of a word → the names that contain it. */
  private readonly byKey = new Map<string, Posting>();
  /** Spelling key of two neighbouring words joined → the names that contain them. */
  private readonly byJoinedKey = new Map<string, Posting>();
  /** Every distinct word of the list (by folded text), joined pairs too, with how many names use it. */
  private readonly words = new Map<string, { token: NameToken; uses: number }>();
  /** Word as written → its token (see share), with how many names use it. */
  private readonly tokens = new Map<string, { token: NameToken; uses: number }>();
  /** Lookup form (see lookupForms) → the words (folded text) filed under it. */
  private readonly byForm = new Map<string, Set<string>>();
  private readonly byIdNumber = new Map<string, WatchlistEntry[]>();
  /** Every name record by slot; freed slots are reused. */
  private readonly records: (NameRecord | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Per slot, which visitor words hit it during one screening (reset at its end). */
  private hitMasks = new Uint32Array(1024);
  /** Per slot, which of the name's own words were hit (Daniel Daniel Sahin hits Daniel Smith's one word twice). */
  private entryMasks = new Uint32Array(1024);
  /** Per slot, whether a hit came through joined words (the cheap score bound does not hold then). */
  private joinedHits = new Uint8Array(1024);
  /**
   * Per slot, kept with the name (not reset): its full words up to two (the hits it needs) and MANY_WORDS when
   * it has more words than the masks have bits. Read before the record itself, so that the thousands of names
   * sharing one common word with the visitor are passed over without reaching for their records.
   */
  private slotWords = new Uint8Array(1024);

  constructor(entries: Iterable<WatchlistEntry> = []) {
    for (const entry of entries) this.upsert(entry);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or replaces an entry; a deleted entry is removed. */
  upsert(entry: WatchlistEntry): void {
    this.remove(entry.id);
    if (entry.deletedAt) return;
    const names = [
      { field: 'name' as const, value: entry.name },
      ...(entry.aliases ?? []).map((value) => ({ field: 'alias' as const, value })),
    ];
    const records: NameRecord[] = [];
    for (const { field, value } of names) {
      const tokens = nameTokens(value).map((t) => this.share(tokenId(t), t));
      if (tokens.length === 0) continue;
      const units = unitsOf(tokens).map((u) =>
        u.from === u.to ? u : { ...u, token: this.share(joinedId(tokens, u), u.token) },
      );
      const full = fullWordsOf(tokens);
      const joined = joinedWordsOf(tokens);
      const slot = this.freeSlots.pop() ?? this.records.length;
      const record = { slot, entry, field, value, tokens, units };
      this.records[slot] = record;
      this.reserve(slot + 1);
      this.slotWords[slot] = Math.min(2, full.length) | (tokens.length > MAX_MASKED_WORDS ? MANY_WORDS : 0);
      records.push(record);
      for (const [map, units] of [
        [this.byKey, record.units.filter((u) => u.from === u.to && !isInitial(u.token))],
        [this.byJoinedKey, record.units.filter((u) => u.from !== u.to)],
      ] as const) {
        const positions = new Map<string, number>();
        for (const u of units) positions.set(u.token.key, (positions.get(u.token.key) ?? 0) | unitBits(u));
        for (const [key, bits] of positions) {
          const list = map.get(key);
          if (list) {
            list.slots.push(slot);
            list.words.push(bits);
          } else map.set(key, { slots: [slot], words: [bits] });
        }
      }
      for (const token of [...full, ...joined]) this.addWord(token);
    }
    const idNumber = entry.idNumber ? normaliseIdNumber(entry.idNumber) : '';
    const indexedId = idNumber.length >= MIN_ID_NUMBER_LENGTH ? idNumber : null;
    if (indexedId) {
      const list = this.byIdNumber.get(indexedId);
      if (list) list.push(entry);
      else this.byIdNumber.set(indexedId, [entry]);
    }
    this.entries.set(entry.id, { entry, records, idNumber: indexedId });
  }

  remove(entryId: string): void {
    const held = this.entries.get(entryId);
    if (!held) return;
    this.entries.delete(entryId);
    for (const record of held.records) {
      this.records[record.slot] = undefined;
      this.freeSlots.push(record.slot);
      const full = fullWordsOf(record.tokens);
      const joined = joinedWordsOf(record.tokens);
      for (const [map, words] of [
        [this.byKey, full],
        [this.byJoinedKey, joined],
      ] as const) {
        for (const key of new Set(words.map((t) => t.key))) {
          const list = map.get(key);
          const at = list?.slots.indexOf(record.slot) ?? -1;
          if (!list || at < 0) continue;
          list.slots.splice(at, 1);
          list.words.splice(at, 1);
          if (list.slots.length === 0) map.delete(key);
        }
      }
      for (const token of [...full, ...joined]) this.dropWord(token);
      for (const t of record.tokens) this.unshare(tokenId(t));
      for (const u of record.units) if (u.from !== u.to) this.unshare(joinedId(record.tokens, u));
    }
    if (held.idNumber) {
      const rest = (this.byIdNumber.get(held.idNumber) ?? []).filter((e) => e.id !== entryId);
      if (rest.length > 0) this.byIdNumber.set(held.idNumber, rest);
      else this.byIdNumber.delete(held.idNumber);
    }
  }

  /** Room in the per-slot arrays for this many slots. */
  private reserve(slots: number): void {
    if (this.hitMasks.length >= slots) return;
    const length = Math.max(slots, this.hitMasks.length * 2);
    this.hitMasks = new Uint32Array(length);
    this.entryMasks = new Uint32Array(length);
    this.joinedHits = new Uint8Array(length);
    const slotWords = new Uint8Array(length);
    slotWords.set(this.slotWords);
    this.slotWords = slotWords;
  }

  /** The one token object for this word (or two words joined) as written, shared by every name using it. */
  private share(id: string, token: NameToken): NameToken {
    const known = this.tokens.get(id);
    if (known) {
      known.uses++;
      return known.token;
    }
    this.tokens.set(id, { token, uses: 1 });
    return token;
  }

  private unshare(id: string): void {
    const known = this.tokens.get(id);
    if (known && --known.uses === 0) this.tokens.delete(id);
  }

  private addWord(token: NameToken): void {
    const known = this.words.get(token.text);
    if (known) {
      known.uses++;
      return;
    }
    this.words.set(token.text, { token, uses: 1 });
    for (const form of lookupForms(token)) {
      const texts = this.byForm.get(form) ?? new Set<string>();
      texts.add(token.text);
      this.byForm.set(form, texts);
    }
  }

  private dropWord(token: NameToken): void {
    const known = this.words.get(token.text);
    if (!known || --known.uses > 0) return;
    this.words.delete(token.text);
    for (const form of lookupForms(token)) {
      const texts = this.byForm.get(form);
      texts?.delete(token.text);
      if (texts?.size === 0) this.byForm.delete(form);
    }
  }

  /**
   * Spelling keys of the listed words that match this word (see matchWords): `strong` for the same word
   * however spelt (spelling, typo, particle), `weak` for a nickname or a word that only sounds the same.
   */
  private similarKeys(token: NameToken): { strong: Set<string>; weak: Set<string> } {
    const strong = new Set<string>();
    const weak = new Set<string>();
    for (const form of lookupForms(token)) {
      for (const text of this.byForm.get(form) ?? []) {
        const listed = this.words.get(text)!.token;
        if (strong.has(listed.key) || weak.has(listed.key)) continue;
        const how = matchWords(token, listed)?.how;
        if (how === 'nickname' || how === 'phonetic') weak.add(listed.key);
        else if (how) strong.add(listed.key);
      }
    }
    return { strong, weak };
  }

  screen(subject: ScreeningSubject, options: ScreeningOptions): ScreeningResult {
    const visitor = nameTokens(subject.name);
    const fullWords = visitor.filter((t) => !isInitial(t));

    // Which names share which of the visitor's words (each visitor word is one bit of the slot's mask; two
    // words written as one set both their bits).
    const masks = this.hitMasks;
    const entryMasks = this.entryMasks;
    const joinedHits = this.joinedHits;
    const touched: number[] = [];
    const hit = (posting: Posting | undefined, bits: number, joined: boolean, weak: boolean) => {
      if (!posting) return;
      const { slots, words } = posting;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k]!;
        if (masks[slot] === 0) {
          // A nickname or a sound alone never brings a name in: it only adds to one that a word of the
          // visitor's already met (else "John" would pull in every Jack, Ian and Jean on the list).
          if (weak) continue;
          touched.push(slot);
        }
        masks[slot]! |= bits;
        entryMasks[slot]! |= words[k]!;
        if (joined) joinedHits[slot] = 1;
      }
    };
    const weakKeys: { key: string; bits: number }[] = [];
    for (const unit of unitsOf(fullWords.slice(0, 30))) {
      const bits = unit.from === unit.to ? 1 << unit.from : (1 << unit.from) | (1 << unit.to);
      const { strong, weak } = this.similarKeys(unit.token);
      for (const key of strong) {
        hit(this.byKey.get(key), bits, unit.from !== unit.to, false);
        hit(this.byJoinedKey.get(key), bits, true, false);
      }
      for (const key of weak) weakKeys.push({ key, bits });
    }
    for (const { key, bits } of weakKeys) {
      const posting = this.byKey.get(key);
      if (!posting) continue;
      if (posting.slots.length <= touched.length) hit(posting, bits, false, true);
      // A common nickname's list can be long: then look only among the names already met.
      else
        for (const slot of touched) {
          const tokens = this.records[slot]!.tokens;
          for (let j = 0; j < tokens.length; j++)
            if (tokens[j]!.key === key && !isInitial(tokens[j]!)) {
              masks[slot]! |= bits;
              entryMasks[slot]! |= wordBit(j);
            }
        }
    }

    // Best name or alias per entry; the evidence is written out only for the matches returned.
    const best = new Map<string, Candidate>();
    const initials = visitor.filter(isInitial).map((t) => t.text);
    const visitorUnits = unitsOf(visitor);
    const visitorFirstLetters = visitor.map((t) => t.text[0]);
    const match = rememberingMatcher();

    const slotWords = this.slotWords;
    for (const slot of touched) {
      const joined = joinedHits[slot] === 1;
      const words = slotWords[slot]!;
      // Words shared: no more than either side has hit (two visitor words may meet one word of the name).
      // Two words written as one hit one word on one side and two on the other: counted as before.
      const hits =
        joined || words & MANY_WORDS
          ? bitCount(masks[slot]!)
          : Math.min(bitCount(masks[slot]!), bitCount(entryMasks[slot]!));
      masks[slot] = 0;
      entryMasks[slot] = 0;
      joinedHits[slot] = 0;
      // Two shared words are needed when both names have two; one is enough only for one-word names.
      if (hits < Math.min(2, fullWords.length, words & ~MANY_WORDS)) continue;
      const record = this.records[slot]!;
      if (!isActive(record.entry, options.now)) continue;
      // Skip names that cannot reach the threshold even if every possible initial pairs up (cheap).
      const dateOfBirth = compareDates(record.entry.dateOfBirth, subject.dateOfBirth);
      const bound = nameScoreBound(hits, initials, visitorFirstLetters, visitor.length, record.tokens);
      if (!joined && bound + DATE_OF_BIRTH_ADJUSTMENT[dateOfBirth] < options.threshold) continue;
      const name = scoreNames(visitor, record.tokens, visitorUnits, record.units, match);
      const score = clampScore(name.score + DATE_OF_BIRTH_ADJUSTMENT[dateOfBirth]);
      if (name.score === 0 || score < options.threshold) continue;
      const previous = best.get(record.entry.id);
      if (!previous || previous.score < score)
        best.set(record.entry.id, { record, name, dateOfBirth, score });
    }

    // An equal ID number is a match whatever the name says; the name evidence, if any, stays beside it.
    const idNumber = subject.idNumber ? normaliseIdNumber(subject.idNumber) : '';
    const sameId = idNumber.length >= MIN_ID_NUMBER_LENGTH ? (this.byIdNumber.get(idNumber) ?? []) : [];
    for (const entry of sameId) {
      if (!isActive(entry, options.now)) continue;
      const byName = best.get(entry.id);
      const dateOfBirth = compareDates(entry.dateOfBirth, subject.dateOfBirth);
      best.set(entry.id, { entry, ...(byName ?? { dateOfBirth }), score: 1, sameIdNumber: true });
    }

    // Deny entries first: they decide the verdict and must never be cut off by the limit.
    const ranked = [...best.values()].sort(
      (a, b) => Number(levelOf(b) === 'deny') - Number(levelOf(a) === 'deny') || b.score - a.score,
    );
    const verdict = ranked.length === 0 ? 'clear' : levelOf(ranked[0]!);
    return { verdict, total: ranked.length, matches: ranked.slice(0, options.limit ?? 5).map(toMatch) };
  }
}

interface Candidate {
  record?: NameRecord;
  entry?: WatchlistEntry;
  name?: ReturnType<typeof scoreNames>;
  dateOfBirth: DateComparison;
  score: number;
  sameIdNumber?: boolean;
}

const entryOf = (c: Candidate): WatchlistEntry => (c.record?.entry ?? c.entry)!;
const levelOf = (c: Candidate): WatchlistLevel => entryOf(c).level;
const clampScore = (score: number) => Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;

function toMatch(c: Candidate): ScreeningMatch {
  const entry = entryOf(c);
  const evidence: Evidence[] = [];
  if (c.record && c.name) evidence.push({ field: c.record.field, value: c.record.value, ...c.name });
  if (c.dateOfBirth !== 'unknown') evidence.push({ field: 'dateOfBirth', how: c.dateOfBirth });
  if (c.sameIdNumber) evidence.push({ field: 'idNumber', how: 'equal' });
  return { entryId: entry.id, level: entry.level, reason: entry.reason, score: c.score, evidence };
}

/** An upper bound of scoreNames from the shared-word count and the initials that could pair up. */
function nameScoreBound(
  sharedWords: number,
  visitorInitials: readonly string[],
  visitorFirstLetters: readonly (string | undefined)[],
  visitorLength: number,
  entry: readonly NameToken[],
): number {
  let initialPairs = 0;
  for (const letter of visitorInitials) if (entry.some((t) => t.text[0] === letter)) initialPairs++;
  for (const t of entry) if (isInitial(t) && visitorFirstLetters.includes(t.text)) initialPairs++;
  const shorter = Math.min(visitorLength, entry.length);
  const longer = Math.max(visitorLength, entry.length);
  // forgiveSlipInContext may pair one more word of a long name whose other words agree.
  const slip = shorter >= CONTEXT_MIN_WORDS && sharedWords >= CONTEXT_AGREEING_WORDS ? 1 : 0;
  const bound =
    (sharedWords + slip + INITIAL_SIMILARITY * initialPairs) / shorter -
    UNMATCHED_WORD_PENALTY * (longer - shorter);
  return shorter === 1 && longer > 1 ? Math.min(bound, SINGLE_WORD_CAP) : bound;
}

/** A posting list: the names filed under a key, and per name which of its words (bits by position) carry it. */
interface Posting {
  /** NameRecord slots. */
  slots: number[];
  words: number[];
}

/** Positions past this share the last bit: the name's hit count is then taken from the visitor's side only. */
const MAX_MASKED_WORDS = 31;
/** slotWords' flag for a name of more words than that. */
const MANY_WORDS = 0x80;
const wordBit = (position: number) =>
  (position < MAX_MASKED_WORDS ? 1 << position : 1 << MAX_MASKED_WORDS) >>> 0;
const unitBits = (u: Unit) => (wordBit(u.from) | wordBit(u.to)) >>> 0;

function bitCount(n: number): number {
  let count = 0;
  for (let m = n; m; m &= m - 1) count++;
  return count;
}

/** The evidence in plain English, for the audit log and logs (the UI translates the evidence itself). */
export function explainMatch(match: ScreeningMatch): string {
  return match.evidence
    .map((e) => {
      switch (e.field) {
        case 'name':
        case 'alias': {
          const kinds: string[] = [...new Set(e.words.map((w) => w.how).filter((h) => h !== 'exact'))];
          if (e.reordered) kinds.push('order');
          if (e.unmatchedWords > 0)
            kinds.push(`${e.unmatchedWords} unmatched word${e.unmatchedWords > 1 ? 's' : ''}`);
          const how = kinds.length > 0 ? kinds.join(', ') : 'exact';
          return `name ${e.score === 1 ? '=' : '≈'} ${e.field} '${e.value}' (${how}, ${e.score.toFixed(2)})`;
        }
        case 'dateOfBirth':
          return `date of birth ${e.how}`;
        case 'idNumber':
          return 'ID number equal';
      }
    })
    .join('; ');
}
