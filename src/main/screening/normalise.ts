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
import { surnameRomanisations } from './romanisation';
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
  /**
   * Spelling keys of other romanisations of the same name (romanisation.ts): Lee → yi, rhee…; Wong → huang;
   * Đorđević → djordjevic; Ayşa → aysha; Chun-chieh (two words joined) → junjie.
   */
  alts?: readonly string[];
  /**
   * The key with Arabic short vowels read one way (o as u, e as a or as i): Omer and Umar, Tareq and Tariq,
   * Meriem and Mariam share one. Compared only with each other, never one slip apart. Words of four letters
   * or more.
   */
  vowels?: readonly string[];
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
    '玄hyeon 咸ham 卞byeon 廉yeom 石seog 魚eo 秋chu 都do 蘇so 薛seol 吉gil 延yeon 魏wi 表pyo 明myeong 奇gi ' +
    '辛sin 田jeon 羅na 房bang 康gang 孟maeng 慶gyeong 馬ma 邊byeon 智ji 太tae 殷eun 奉bong 片pyeon 龍yong'
  )
    .split(' ')
    .map((pair) => [pair[0]!, pair.slice(1)]),
);
/** Korean family names any-ascii reads as one letter, which would look like an initial: 이 I, 오 O, 우 U. */
const KOREAN_ONE_LETTER: Record<string, string> = { i: 'yi', o: 'oh', u: 'woo' };

/**
 * Apostrophes and the primes that stand for the Russian soft and hard signs (ь ʹ, ъ ʺ, ” in ICAO 9303's
 * predecessor, ' in BGN/PCGN): dropped, so O'Brien = OBrien and Solovʹëv = Solovev.
 */
const APOSTROPHES = /['’ʼ`´ʹʺ”″′]/g;

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
      // ㄹ starting a syllable of a Korean name is r in Revised Romanisation and every common spelling
      // (하린 Ha-rin, 아름 A-reum, 류 Ryu, 라 Ra); any-ascii writes l. After a final ㄹ it stays l (별라 Byeol-la).
      if (korean)
        for (let i = 0; i < syllables.length; i++)
          if (/^l/i.test(syllables[i]!) && !/l$/i.test(syllables[i - 1] ?? ''))
            syllables[i] = `r${syllables[i]!.slice(1)}`;
      return syllables.length > 1 ? ` ${syllables[0]} ${syllables.slice(1).join('')} ` : syllables.join('');
    })
    .replace(NOT_LATIN, (run) => anyAscii(run))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  // Apostrophes join (O'Brien = OBrien); dots and every other mark separate.
  return foldForSearch(latin.replace(APOSTROPHES, ''))
    .replace(/[.@+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The spelling key of a folded word: Mueller, Müller and Muller → "muler"; Smyth and Smith → "smit". */
export function spellingKey(word: string): string {
  return word
    .replace(/(?:iy|ij|yj|yy|yi)$/, 'i')
    .replace(/dj/g, 'j') // ج in French transcription: Djamel, Jamal; Serbian dj (Đ): Djordjevic, Jordjevic
    .replace(/kh/g, 'h') // Akhmetov, Ahmetov (х: BGN/PCGN kh, GOST and ISO 9 h); Khalid, Halid
    .replace(/ts/g, 'c') // Kuznetsov, Kuznecov (ц: ts, c); Tsoi, Coj
    .replace(/(?<=[aeou])j(?![aeiou])/g, 'i') // Ajlin, Aylin, Ailin; Coj, Tsoi (й after a vowel: j, y, i)
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
    .replace(/(?<=.)w(?=u)/g, '') // Korean 우 inside a name: Si-woo, Eun-woo; Siu, Eunu (Revised Romanisation u)
    .replace(/(.)\1+/g, '$1');
}

/** Particles written joined to the family name (Vandenberg, DeVries, Alrashid, Dupont, McDonald). */
const JOINED_PARTICLE =
  /^(?:vande[nr]?|van|vonder|von|della|delle|dela|del|des|dos|das|de|di|da|du|la|le|al|el|ter|ten)/;
/** Arabic "servant of" compounds: Abd al-Rahman, Abdul Rahman, Abdel-Rahman, Abderrahmane → "abdrahman". */
const ABD_WORD = /^abd(?:ul|el|al|ol|ur|us|er|es|ou|u|e|a|o)?$/;
const ABD_PREFIX = /^abd(?:ul|el|al|ol|ur|us|er|es|ou|u|e|a|o)?(?=[a-z]{3})/;

function bareRest(text: string): string | undefined {
  const particle = JOINED_PARTICLE.exec(text)?.[0];
  if (!particle) return undefined;
  const rest = text.slice(particle.length);
  // Long particles always; short ones (de, al, le…) only before a consonant: Devries, Alrashid, not Diana.
  // The Arabic article also before a vowel, where the rest is long enough to be a name (Alamin, El-Amine).
  const arabic = (particle === 'al' || particle === 'el') && rest.length >= 4;
  if (particle.length <= 2 ? rest.length < 4 || (!arabic && !/^[^aeiouy]/.test(rest)) : rest.length < 3)
    return undefined;
  return rest;
}

/**
 * The Arabic article before a "sun letter" is written as that letter (ash-Shami, ech-Chami, ad-Din,
 * er-Rashid): dropped like al and el. With a hyphen or apostrophe always; with a space only in its two-letter
 * spellings (ash Shami), since "An Nguyen" is a given name and a surname.
 */
/** …and in French transcription ch is ش there too (ech-Chami is ash-Shami). */
const FRENCH_SHIN_ARTICLE = /(?<![\p{L}\p{M}])[ae]ch(?:['’ʼ-]\s*|\s+)ch/gu;
const ASSIMILATED_ARTICLE =
  /(?<![\p{L}\p{M}])[ae](?:(ch|sh|th|dh|s|t|d|n|r|z)['’ʼ-]\s*|(ch|sh|th|dh)\s+)(?=\1\2)/gu;

const WORD_SEPARATORS = /[^\p{L}\p{N}\p{M}'’ʼ`´ʹʺ”″′]+/u;

const ONE_VOWEL_SYLLABLE = /(?<=\p{L})-(?=[aeiou](?![\p{L}\p{M}.]))/gu;

/** The words of a name, without titles and particles (unless the name is nothing else). */
export function nameTokens(name: string): NameToken[] {
  const tokens: NameToken[] = [];
  // A one-vowel syllable after a hyphen is part of the word, not an initial: Korean Ji-a, Seo-a (지아, 서아).
  const words = name
    .normalize('NFC')
    .toLowerCase()
    .replace(ONE_VOWEL_SYLLABLE, '')
    .replace(FRENCH_SHIN_ARTICLE, 'sh')
    .replace(ASSIMILATED_ARTICLE, '');
  for (const written of words.split(WORD_SEPARATORS)) {
    const folded = foldName(written).split(' ').filter(Boolean);
    for (const text of folded) tokens.push(token(folded.length === 1 ? written : text, text));
  }
  const joined = joinAbd(tokens);
  const meaningful = joined.filter((t) => !IGNORED_WORDS.has(t.text));
  return meaningful.length > 0 ? meaningful : joined;
}

/**
 * Letters that are one letter in a Latin alphabet and two in English spelling: š, ž, č (Czech, Slovak,
 * Serbian, Croatian, Slovene; ISO 9 for Cyrillic) and ş, ç (Turkish, Azeri, Kazakh Latin) are sh, zh, ch;
 * Serbian and Croatian đ is dj (Đorđević, Djordjevic; plain d in ICAO 9303's machine-readable zone).
 */
const DIGRAPHS: Record<string, string> = {
  š: 'sh',
  ž: 'zh',
  č: 'ch',
  ć: 'ch',
  ş: 'sh',
  ș: 'sh',
  ç: 'ch',
  đ: 'dj',
};
const HAS_DIGRAPH = /[šžčćşșçđ]/;

/** A short vowel stands alone between consonants; a final e is often silent (Rose, Amine): it stays. */
const SHORT_O = /(?<![aeiouy])o(?![aeiouy])/g;
const SHORT_E = /(?<![aeiouy])e(?![aeiouy]|$)/g;

/**
 * French transcription of Arabic (Maghreb, Lebanon): ch after a vowel is sh (Hicham, Rachid, Hachemi), ou
 * before a vowel is w (Oualid, Anouar), c before e or i is s (Nacer, Nasser; Yacer, Yasser).
 */
const frenchReading = (word: string) =>
  word
    .replace(/(?<=[aeiou])ch/g, 'sh')
    .replace(/ou(?=[aeiy])/g, 'w')
    .replace(/c(?=[ei])/g, 's');

/** The word's keys with its lone vowels read the Arabic way: o as u, e as a or as i (see `vowels`). */
function shortVowels(text: string): string[] {
  const u = text.replace(SHORT_O, 'u');
  return [...new Set([spellingKey(u.replace(SHORT_E, 'a')), spellingKey(u.replace(SHORT_E, 'i'))])];
}

function token(word: string, text: string): NameToken {
  const abd = ABD_PREFIX.exec(text);
  const canonical = abd ? `abd${text.slice(abd[0].length)}` : text;
  const rest = abd ? undefined : bareRest(text);
  const bare = rest ? spellingKey(rest) : undefined;
  const key = spellingKey(canonical);
  const alts = new Set(surnameRomanisations(canonical).map(spellingKey));
  if (HAS_DIGRAPH.test(word) && !abd) {
    const spell = (letters: RegExp) =>
      spellingKey(foldName(word.replace(letters, (c) => DIGRAPHS[c]!)).replace(/ /g, ''));
    alts.add(spell(/[šžčćşșçđ]/g));
    if (word.includes('đ')) alts.add(spell(/đ/g)); // Đorđević, Djordjevic (ć written c)
  }
  // French transcription of Arabic (frenchReading); Egyptian g for ج before a vowel (Gamal, Jamal; Gaafar).
  const french = frenchReading(canonical);
  if (french !== canonical) alts.add(spellingKey(french));
  // ث is th, t or s (Othman, Osman, Uthman).
  const lisped = /(?<=.)th/.test(french) ? french.replace(/(?<=.)th/g, 's') : undefined;
  if (lisped) alts.add(spellingKey(lisped));
  // A Maghrebi spelling drops the i of a first syllable before two consonants (Smail, Ismail; Brahim, Ibrahim).
  const elided = /^[ei](?=[^aeiouy]{2})/.test(canonical) && canonical.length >= 6 ? canonical.slice(1) : '';
  if (elided) alts.add(spellingKey(elided));
  if (/^g[aei]/.test(canonical)) alts.add(spellingKey(`j${canonical.slice(1)}`));
  // Arabic writes no short vowels: a romanisation picks o or u for damma and e for fatha or kasra (Omer,
  // Umar; Tareq, Tariq; Meriem, Mariam). Long enough words only: short ones must match exactly.
  // The bare word after a joined article too (Alqurashi, El Korachi), and the readings above.
  const vowelReadings = [french, lisped, rest && frenchReading(rest)].filter(
    (w): w is string => !!w && w.length >= 4 && /[aeiou].*[aeiou]/.test(w),
  );
  const vowels =
    canonical.length >= 4 && vowelReadings.length > 0
      ? [...new Set(vowelReadings.flatMap(shortVowels))]
      : undefined;
  // A hard c at the start is k in English and German spelling (Carl, Karl; Cohen, Kohen); in Slavic
  // spellings c is ц (Coj, Tsoi), so this is another reading, not the key.
  if (/^c(?=[lr]|[aou][^aeiouy])/.test(canonical)) alts.add(spellingKey(`k${canonical.slice(1)}`));
  // х written x (GOST 7.79 B, Kazakh): Alixan, Alikhan; not at the start, where x is pinyin (Xu, Hu).
  if (/(?<=.)x/.test(canonical)) alts.add(spellingKey(canonical.replace(/(?<=.)x/g, 'kh')));
  alts.delete(key);
  return {
    word,
    text: canonical,
    key,
    ...(bare ? { bare } : {}),
    ...(alts.size > 0 ? { alts: [...alts] } : {}),
    ...(vowels ? { vowels } : {}),
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
