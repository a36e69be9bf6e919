// How names and ID numbers are reduced before they are compared, so that "Jürgen Müller", "JUERGEN MUELLER"
// and "Юрген Мюллер" meet. foldForSearch (src/shared/text) removes case and accents; on top of it a name
// token gets a spelling key that also forgives the usual transliterations (ue/ü, ss/ß, ph/f, y/i, doubled
// letters). Both sides go through the same steps, so over-eager folding can only merge names, never split
// a name from itself.
import { foldForSearch } from '../../shared/text';

/** "а=a б=b" → { а: 'a', б: 'b' }: transliteration tables kept one line per script. */
const letters = (pairs: string): Record<string, string> =>
  Object.fromEntries(pairs.split(' ').map((pair) => [pair[0]!, pair.slice(2)]));

const CYRILLIC = letters(
  'а=a б=b в=v г=g ґ=g д=d е=e ё=e є=ye ж=zh з=z и=i і=i ї=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ' +
    'ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya',
);
const GREEK = letters(
  'α=a β=v γ=g δ=d ε=e ζ=z η=i θ=th ι=i κ=k λ=l μ=m ν=n ξ=x ο=o π=p ρ=r σ=s ς=s τ=t υ=y φ=f χ=ch ψ=ps ω=o',
);
const SCRIPT_LETTER = /[\u0370-\u03ff\u0400-\u04ff]/g;

/** Courtesy titles and name particles: they say nothing about who someone is (and would match everyone). */
const IGNORED_WORDS = new Set(
  'mr mrs ms miss mx dr prof al el bin ben ibn da de del della der den di dos das du la le van von ter'.split(
    ' ',
  ),
);

/** One word of a name: `word` as written (lower case), `text` folded, `key` as compared. */
export interface NameToken {
  word: string;
  text: string;
  key: string;
}

/** Case, accents and Cyrillic/Greek letters removed: "Юрген" → "iurgen", "Müller" → "muller". */
export function foldName(name: string): string {
  const lower = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const latin = lower.replace(/ου/g, 'ou').replace(SCRIPT_LETTER, (c) => CYRILLIC[c] ?? GREEK[c] ?? c);
  // Apostrophes join (O'Brien = OBrien); dots and every other mark separate.
  return foldForSearch(latin.replace(/['’ʼ`´]/g, ''))
    .replace(/[.@+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The spelling key of a folded word: Mueller, Müller and Muller → "muler"; Smyth and Smith → "smit". */
export function spellingKey(word: string): string {
  return word
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

const WORD_SEPARATORS = /[^\p{L}\p{N}\p{M}'’ʼ`´]+/u;

/** The words of a name, without titles and particles (unless the name is nothing else). */
export function nameTokens(name: string): NameToken[] {
  const tokens: NameToken[] = [];
  for (const written of name.normalize('NFC').toLowerCase().split(WORD_SEPARATORS)) {
    const folded = foldName(written).split(' ').filter(Boolean);
    for (const text of folded)
      tokens.push({ word: folded.length === 1 ? written : text, text, key: spellingKey(text) });
  }
  const meaningful = tokens.filter((t) => !IGNORED_WORDS.has(t.text));
  return meaningful.length > 0 ? meaningful : tokens;
}

/** The word without its accents: "müller" → "muller", but "ß" and "ø" stay (they are other letters). */
export function withoutAccents(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** An ID document number as compared: letters and digits only, upper case ("ab-12 345" → "AB12345"). */
export function normaliseIdNumber(idNumber: string): string {
  return idNumber
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** ID numbers shorter than this are too likely to be shared by chance to count as a match. */
export const MIN_ID_NUMBER_LENGTH = 5;
