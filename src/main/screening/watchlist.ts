// Watchlist screening: is this visitor someone on the site's watchlist? An index is built once from the
// entries (and kept up to date with upsert/remove); screening one visitor then looks up only the entries
// that share a name word with them (exactly, by spelling key, or one typo away) or their ID number, and
// scores those few in full. Nothing here touches the database: the service feeds entries in.
import type { WatchlistLevel } from '../../shared/domain';
import {
  MIN_ID_NUMBER_LENGTH,
  nameTokens,
  normaliseIdNumber,
  withoutAccents,
  type NameToken,
} from './normalise';
import { jaroWinkler, typoDistance } from './similarity';

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

/** How one word of the visitor's name met a word of the entry's name. */
export type WordMatch = 'exact' | 'accents' | 'spelling' | 'initial' | 'typo';

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
/** Each word only one side has (a middle name) costs this much. */
const UNMATCHED_WORD_PENALTY = 0.03;
/** One shared word is not a name match ("Smith" against "John Smith"), whatever else agrees. */
const SINGLE_WORD_CAP = 0.7;
/** Words shorter than this must match exactly: "Ali" and "Eli" are different names, not a typo. */
const MIN_TYPO_LENGTH = 4;

interface NameRecord {
  /** Position in WatchlistIndex.records, so a screening can tally hits in a typed array. */
  slot: number;
  entry: WatchlistEntry;
  field: 'name' | 'alias';
  value: string;
  tokens: NameToken[];
  /** Words longer than an initial: what the index holds. */
  fullWords: number;
}

const isInitial = (t: NameToken) => t.text.length === 1;

/** How two words match, or null when they do not. */
export function matchWords(a: NameToken, b: NameToken): { how: WordMatch; similarity: number } | null {
  if (isInitial(a) || isInitial(b)) {
    if (isInitial(a) && isInitial(b)) return a.key === b.key ? { how: 'exact', similarity: 1 } : null;
    return a.text[0] === b.text[0] ? { how: 'initial', similarity: INITIAL_SIMILARITY } : null;
  }
  if (a.key === b.key) {
    if (a.word === b.word) return { how: 'exact', similarity: 1 };
    return { how: withoutAccents(a.word) === withoutAccents(b.word) ? 'accents' : 'spelling', similarity: 1 };
  }
  // One slip away, before or after the spelling rules (which can turn one slip into two: Lóez → "loz").
  if (Math.max(a.text.length, b.text.length) < MIN_TYPO_LENGTH) return null;
  if (typoDistance(a.key, b.key) > 1 && typoDistance(a.text, b.text) > 1) return null;
  const similarity = Math.max(jaroWinkler(a.key, b.key), jaroWinkler(a.text, b.text));
  return { how: 'typo', similarity: Math.round(similarity * 100) / 100 };
}

/** How well two names match, 0..1, with the word pairs behind the score. */
export function scoreNames(
  visitor: readonly NameToken[],
  entry: readonly NameToken[],
): { score: number; words: WordEvidence[]; reordered: boolean; unmatchedWords: number } {
  // Pair the words greedily, best pairs first: names are a handful of words, so this is exact enough.
  const pairs: { i: number; j: number; how: WordMatch; similarity: number }[] = [];
  visitor.forEach((a, i) =>
    entry.forEach((b, j) => {
      const m = matchWords(a, b);
      if (m) pairs.push({ i, j, ...m });
    }),
  );
  pairs.sort((p, q) => q.similarity - p.similarity || Math.abs(p.i - p.j) - Math.abs(q.i - q.j));
  const usedI = new Set<number>();
  const usedJ = new Set<number>();
  const chosen = pairs.filter((p) => {
    if (usedI.has(p.i) || usedJ.has(p.j)) return false;
    usedI.add(p.i);
    usedJ.add(p.j);
    return true;
  });
  const shorter = Math.min(visitor.length, entry.length);
  const longer = Math.max(visitor.length, entry.length);
  const unmatchedWords = visitor.length + entry.length - 2 * chosen.length;
  let score = 0;
  if (chosen.some((p) => p.how !== 'initial') && shorter > 0) {
    score =
      chosen.reduce((sum, p) => sum + p.similarity, 0) / shorter -
      UNMATCHED_WORD_PENALTY * (longer - shorter);
    if (shorter === 1 && longer > 1) score = Math.min(score, SINGLE_WORD_CAP);
  }
  chosen.sort((p, q) => p.i - q.i);
  const reordered = chosen.some((p, k) => k > 0 && p.j < chosen[k - 1]!.j);
  const words = chosen.map((p) => ({
    visitor: visitor[p.i]!.text,
    entry: entry[p.j]!.text,
    how: p.how,
    similarity: p.similarity,
  }));
  return { score: Math.max(0, score), words, reordered, unmatchedWords };
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
 * The strings under which a word is filed for typo search (the symmetric-delete method): the word and each
 * of its one-letter deletions, for its folded text and its spelling key. Two words one slip apart always
 * share one of them.
 */
function typoVariants(token: NameToken): Set<string> {
  const out = new Set<string>();
  for (const form of [token.text, token.key]) {
    out.add(form);
    for (let i = 0; i < form.length; i++) out.add(form.slice(0, i) + form.slice(i + 1));
  }
  return out;
}

const fullWordsOf = (tokens: readonly NameToken[]) => {
  const byText = new Map<string, NameToken>();
  for (const t of tokens) if (!isInitial(t)) byText.set(t.text, t);
  return [...byText.values()];
};

export class WatchlistIndex {
  private readonly entries = new Map<
    string,
    { entry: WatchlistEntry; records: NameRecord[]; idNumber: string | null }
  >();
  /** Spelling key of a word → the names that contain it. */
  private readonly byKey = new Map<string, NameRecord[]>();
  /** Every distinct word of the list (by folded text), with how many names use it. */
  private readonly words = new Map<string, { token: NameToken; uses: number }>();
  /** Typo variant → the words (folded text) filed under it. */
  private readonly byVariant = new Map<string, Set<string>>();
  private readonly byIdNumber = new Map<string, WatchlistEntry[]>();
  /** Every name record by slot; freed slots are reused. */
  private readonly records: (NameRecord | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Per slot, which visitor words hit it during one screening (reset at its end). */
  private hitMasks = new Uint32Array(1024);

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
      const tokens = nameTokens(value);
      if (tokens.length === 0) continue;
      const full = fullWordsOf(tokens);
      const slot = this.freeSlots.pop() ?? this.records.length;
      const record = { slot, entry, field, value, tokens, fullWords: full.length };
      this.records[slot] = record;
      records.push(record);
      for (const key of new Set(full.map((t) => t.key))) {
        const list = this.byKey.get(key);
        if (list) list.push(record);
        else this.byKey.set(key, [record]);
      }
      for (const token of full) this.addWord(token);
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
      for (const key of new Set(full.map((t) => t.key))) {
        const rest = (this.byKey.get(key) ?? []).filter((r) => r !== record);
        if (rest.length > 0) this.byKey.set(key, rest);
        else this.byKey.delete(key);
      }
      for (const token of full) this.dropWord(token);
    }
    if (held.idNumber) {
      const rest = (this.byIdNumber.get(held.idNumber) ?? []).filter((e) => e.id !== entryId);
      if (rest.length > 0) this.byIdNumber.set(held.idNumber, rest);
      else this.byIdNumber.delete(held.idNumber);
    }
  }

  private addWord(token: NameToken): void {
    const known = this.words.get(token.text);
    if (known) {
      known.uses++;
      return;
    }
    this.words.set(token.text, { token, uses: 1 });
    for (const variant of typoVariants(token)) {
      const texts = this.byVariant.get(variant) ?? new Set<string>();
      texts.add(token.text);
      this.byVariant.set(variant, texts);
    }
  }

  private dropWord(token: NameToken): void {
    const known = this.words.get(token.text);
    if (!known || --known.uses > 0) return;
    this.words.delete(token.text);
    for (const variant of typoVariants(token)) {
      const texts = this.byVariant.get(variant);
      texts?.delete(token.text);
      if (texts?.size === 0) this.byVariant.delete(variant);
    }
  }

  /** Spelling keys of the listed words equal to this word or one typo away from it. */
  private similarKeys(token: NameToken): Set<string> {
    const found = new Set<string>();
    for (const variant of typoVariants(token)) {
      for (const text of this.byVariant.get(variant) ?? []) {
        const listed = this.words.get(text)!.token;
        if (!found.has(listed.key) && matchWords(token, listed)) found.add(listed.key);
      }
    }
    return found;
  }

  screen(subject: ScreeningSubject, options: ScreeningOptions): ScreeningResult {
    const visitor = nameTokens(subject.name);
    const fullWords = visitor.filter((t) => !isInitial(t));

    // Which names share which of the visitor's words (each visitor word is one bit of the slot's mask).
    if (this.hitMasks.length < this.records.length) this.hitMasks = new Uint32Array(this.records.length * 2);
    const masks = this.hitMasks;
    const touched: number[] = [];
    fullWords.slice(0, 30).forEach((token, bit) => {
      for (const key of this.similarKeys(token)) {
        for (const { slot } of this.byKey.get(key) ?? []) {
          if (masks[slot] === 0) touched.push(slot);
          masks[slot]! |= 1 << bit;
        }
      }
    });

    // Best name or alias per entry; the evidence is written out only for the matches returned.
    const best = new Map<string, Candidate>();
    const initials = visitor.filter(isInitial).map((t) => t.text);
    const visitorFirstLetters = visitor.map((t) => t.text[0]);

    for (const slot of touched) {
      const hits = bitCount(masks[slot]!);
      masks[slot] = 0;
      const record = this.records[slot]!;
      // Two shared words are needed when both names have two; one is enough only for one-word names.
      if (hits < Math.min(2, fullWords.length, record.fullWords)) continue;
      if (!isActive(record.entry, options.now)) continue;
      // Skip names that cannot reach the threshold even if every possible initial pairs up (cheap).
      const dateOfBirth = compareDates(record.entry.dateOfBirth, subject.dateOfBirth);
      const bound = nameScoreBound(hits, initials, visitorFirstLetters, visitor.length, record.tokens);
      if (bound + DATE_OF_BIRTH_ADJUSTMENT[dateOfBirth] < options.threshold) continue;
      const name = scoreNames(visitor, record.tokens);
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
  const bound =
    (sharedWords + INITIAL_SIMILARITY * initialPairs) / shorter - UNMATCHED_WORD_PENALTY * (longer - shorter);
  return shorter === 1 && longer > 1 ? Math.min(bound, SINGLE_WORD_CAP) : bound;
}

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
