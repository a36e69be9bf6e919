// What a name word can stand for beyond its spelling: the formal names a nickname is short for (Bill →
// william), its Double Metaphone sounds (Kathryn and Catherine → K0RN), and whether it is one of the most
// common given names or surnames somewhere (weak evidence on its own). Tables in name-tables.ts.
import { doubleMetaphone } from 'double-metaphone';
import { COMMON_NAMES, GIVEN_AND_FAMILY_NAMES, NICKNAMES } from './name-tables';

const nicknameGroups = new Map<string, string[]>();
for (const line of NICKNAMES.split('\n')) {
  const [formal, ...nicks] = line.split(' ');
  if (!formal) continue;
  for (const word of [formal, ...nicks]) {
    const groups = nicknameGroups.get(word) ?? [];
    if (!groups.includes(formal)) groups.push(formal);
    nicknameGroups.set(word, groups);
  }
}

const common = new Set(COMMON_NAMES.split(/\s+/).filter(Boolean));
const givenAndFamily = new Set(GIVEN_AND_FAMILY_NAMES.split(/\s+/).filter(Boolean));

/** The formal names this word is, or is a nickname of: "bill" → ["william", …], "william" → ["william"]. */
export function nicknamesOf(text: string): readonly string[] {
  return nicknameGroups.get(text) ?? [];
}

/** Whether two words are the same given name by the nickname tables (Bill and William, Sasha and Aleksandr). */
export function sameNickname(a: string, b: string): boolean {
  const groups = nicknameGroups.get(a);
  if (!groups) return false;
  const other = nicknameGroups.get(b);
  return !!other && groups.some((g) => other.includes(g));
}

/** Shortest word a sound is taken of: shorter words sound alike too often (Ali, Eli, Ola). */
export const MIN_PHONETIC_LENGTH = 4;

/** The Double Metaphone codes of a word (one or two), or none for short words. */
export function soundsOf(text: string): readonly string[] {
  if (text.length < MIN_PHONETIC_LENGTH) return [];
  const [primary, secondary] = doubleMetaphone(text);
  return primary === secondary || !secondary ? [primary] : [primary, secondary];
}

/** One of the most common given names or surnames of some country, or a word of three letters or fewer. */
export function isCommonWord(text: string): boolean {
  return text.length <= 3 || common.has(text);
}

/** One of the most common given names or surnames of some country (the public lists, whatever its length). */
export function isListedName(text: string): boolean {
  return common.has(text);
}

/** A given name in one country and a family name in another, by the same lists (David, Ahmed, Matei). */
export function isGivenAndFamilyName(text: string): boolean {
  return givenAndFamily.has(text);
}

/**
 * Whether two words are said the same: equal primary Double Metaphone codes, with w read as v and j and y as i
 * (Nowak, Novak; Sofija, Sofiya; Stojanov, Stoyanov: one letter romanised two ways). Secondary codes are
 * other languages' readings and say too little (Smet and Smith share XMT, Kazi and Katz KTS).
 */
export function soundTheSame(a: string, b: string): boolean {
  return primarySound(a) === primarySound(b);
}

/** Screening asks this of listed names only (a few thousand words), again and again: kept once worked out. */
const primarySounds = new Map<string, string>();
function primarySound(word: string): string {
  let sound = primarySounds.get(word);
  if (sound === undefined) {
    sound = doubleMetaphone(word.replace(/w/g, 'v').replace(/[jy]/g, 'i'))[0];
    primarySounds.set(word, sound);
  }
  return sound;
}
