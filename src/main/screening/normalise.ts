// How names and ID numbers are reduced before they are compared, so that "Jürgen Müller", "JUERGEN MUELLER"
// and "Юрген Мюллер" meet. foldForSearch (src/shared/text) removes case and accents; letters of every other
// script are transliterated by any-ascii (Cyrillic, Greek, Arabic, Hebrew, Georgian, Armenian, Devanagari,
// Thai, Hangul, Han as pinyin, kana…). On top, a name token gets a spelling key that also forgives the usual
// transliterations (ue/ü, ss/ß, ph/f, y/i, oo/ou/u, ee/i, x/ks, q/k, doubled letters, Slavic -iy/-ij, a final
// h after a vowel as in Abdullah/Abdulla, Soo-ah/Su-a),
// a bare form without a joined particle (Vandenberg → berg, Alrashid → rashid), and Arabic abd- compounds
// are made one word (Abd al-Rahman = Abdul Rahman = Abderrahmane). Both sides go through the same steps, so
// over-eager folding can only merge names, never split a name from itself.
import anyAscii from 'any-ascii';
import { foldForSearch } from '../../shared/text';
import { soundsOf } from './variants';

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
  /** The key without a particle written joined to it: "vandenberg" → "berg", "alrashid" → "rasid". */
  bare?: string;
  /** Double Metaphone codes of `text` (none for words shorter than four letters). */
  sounds: readonly string[];
  /** Two neighbouring words written as one (made by the matcher, never by nameTokens). */
  joined?: boolean;
}

/** The Korean readings of the Chinese characters of the common Korean family names. */
const KOREAN_HANJA: Record<string, string> = Object.fromEntries(
  (
    '金gim 李i 朴bag 崔choe 鄭jeong 姜gang 趙jo 尹yun 張jang 林im 韓han 吳o 徐seo 申sin 權gwon 黃hwang 安an ' +
    '宋song 柳ryu 全jeon 洪hong 高go 文mun 梁yang 孫son 裵bae 白baeg 許heo 劉yu 南nam 沈sim 盧no 丁jeong ' +
    '河ha 郭gwag 成seong 車cha 朱ju 禹u 具gu 閔min 池ji 曺jo 兪yu 陳jin 嚴eom 元won 千cheon 方bang 孔gong ' +
    '玄hyeon 咸ham 卞byeon 廉yeom 石seog 魚eo 秋chu 都do 蘇so 薛seol 吉gil 延yeon 魏wi 表pyo 明myeong 奇gi'
  )
    .split(' ')
    .map((pair) => [pair[0]!, pair.slice(1)]),
);
/** Korean family names any-ascii reads as one letter, which would look like an initial: 이 I, 오 O, 우 U. */
const KOREAN_ONE_LETTER: Record<string, string> = { i: 'yi', o: 'oh', u: 'woo' };

/** Letters of a script written without spaces between family and given name: one syllable a letter. */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}]+/gu;
const NOT_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]+/gu;

/**
 * Case, accents and other scripts removed: "Юрген" → "yurgen", "Müller" → "muller", "王若汐" → "wang ruoxi"
 * (a Chinese or Korean name written without a space is read as a one-syllable family name and a given name).
 */
export function foldName(name: string): string {
  const latin = name
    .normalize('NFC')
    .replace(/ου/gi, 'ou') // Greek: any-ascii reads ου as "oy", names are spelt "ou" (Papadopoulos)
    .replace(SYLLABIC, (run) => {
      // In a Korean name a Chinese character is read the Korean way (高서준 is Go Seo-jun, not Gao).
      const korean = /\p{Script=Hangul}/u.test(run);
      const syllables = [...run].map((c, i) => {
        const read = korean ? (KOREAN_HANJA[c] ?? anyAscii(c)) : anyAscii(c);
        return korean && i === 0 ? (KOREAN_ONE_LETTER[read.toLowerCase()] ?? read) : read;
      });
      return syllables.length > 1 ? ` ${syllables[0]} ${syllables.slice(1).join('')} ` : syllables.join('');
    })
    .replace(NOT_LATIN, (run) => anyAscii(run))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  // Apostrophes join (O'Brien = OBrien); dots and every other mark separate.
  return foldForSearch(latin.replace(/['’ʼ`´]/g, ''))
    .replace(/[.@+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The spelling key of a folded word: Mueller, Müller and Muller → "muler"; Smyth and Smith → "smit". */
export function spellingKey(word: string): string {
  return word
    .replace(/(?:iy|ij|yj|yy|yi)$/, 'i')
    .replace(/(?<=[aeiou])h$/, '')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u')
    .replace(/oo|ou/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/(?<=.)x/g, 'ks')
    .replace(/q/g, 'k')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

/** Particles written joined to the family name (Vandenberg, DeVries, Alrashid, Dupont, McDonald). */
const JOINED_PARTICLE =
  /^(?:vande[nr]?|van|vonder|von|della|delle|dela|del|des|dos|das|de|di|da|du|la|le|al|el|ter|ten)/;
/** Arabic "servant of" compounds: Abd al-Rahman, Abdul Rahman, Abdel-Rahman, Abderrahmane → "abdrahman". */
const ABD_WORD = /^abd(?:ul|el|al|ol|ur|us|er|es|ou|u|e|a|o)?$/;
const ABD_PREFIX = /^abd(?:ul|el|al|ol|ur|us|er|es|ou|u|e|a|o)?(?=[a-z]{3})/;

function bareKey(text: string): string | undefined {
  const particle = JOINED_PARTICLE.exec(text)?.[0];
  if (!particle) return undefined;
  const rest = text.slice(particle.length);
  // Long particles always; short ones (de, al, le…) only before a consonant: Devries, Alrashid, not Diana.
  if (particle.length <= 2 ? rest.length < 4 || !/^[^aeiouy]/.test(rest) : rest.length < 3) return undefined;
  return spellingKey(rest);
}

const WORD_SEPARATORS = /[^\p{L}\p{N}\p{M}'’ʼ`´]+/u;

/** The words of a name, without titles and particles (unless the name is nothing else). */
export function nameTokens(name: string): NameToken[] {
  const tokens: NameToken[] = [];
  for (const written of name.normalize('NFC').toLowerCase().split(WORD_SEPARATORS)) {
    const folded = foldName(written).split(' ').filter(Boolean);
    for (const text of folded) tokens.push(token(folded.length === 1 ? written : text, text));
  }
  const joined = joinAbd(tokens);
  const meaningful = joined.filter((t) => !IGNORED_WORDS.has(t.text));
  return meaningful.length > 0 ? meaningful : joined;
}

function token(word: string, text: string): NameToken {
  const abd = ABD_PREFIX.exec(text);
  const canonical = abd ? `abd${text.slice(abd[0].length)}` : text;
  const bare = abd ? undefined : bareKey(text);
  return {
    word,
    text: canonical,
    key: spellingKey(canonical),
    ...(bare ? { bare } : {}),
    sounds: soundsOf(canonical),
  };
}

/** "abd", "al", "rahman" → one word "abdrahman" (the article, if written apart, is dropped). */
function joinAbd(tokens: NameToken[]): NameToken[] {
  const out: NameToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let next = i + 1;
    if (ABD_WORD.test(t.text) && /^(?:al|el|ul|ar|as|an|ad|ed|er|es|ur|us)$/.test(tokens[next]?.text ?? ''))
      next++;
    const rest = tokens[next];
    if (ABD_WORD.test(t.text) && rest && rest.text.length >= 3) {
      out.push(token(`${t.word} ${rest.word}`, `abd${rest.text.replace(/^(?:al|el|ul)(?=[a-z]{3})/, '')}`));
      i = next;
    } else out.push(t);
  }
  return out;
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
