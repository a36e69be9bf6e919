// Text folding for search and matching: "José Müller" and "jose muller" compare equal.

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
};

/** A typed signature counts when it is the visitor's name, whatever the case, accents and spacing. */
export const sameName = (a: string, b: string) => foldForSearch(a) === foldForSearch(b);

/** Lower-case, accent-free, single-spaced form of a name, for search indexes and comparisons. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđłþ]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(/[^\p{L}\p{N}@.+]+/gu, ' ')
    .trim();
}

/** A name given per language (visitor types), falling back to English, then to any. */
export function localName(names: Record<string, string>, language: string): string {
  return names[language] ?? names.en ?? Object.values(names)[0] ?? '';
}
