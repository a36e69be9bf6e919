// The public name data the evaluation is assembled from (bench/data/names, see its SOURCES.md): popular
// forenames and surnames by country (CC0), an English nickname list (public domain), and two variant lists
// written down for the project from published romanization conventions and common usage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fakerVI } from '@faker-js/faker';

const DATA = fileURLToPath(new URL('../data/names/', import.meta.url));
const read = (file: string) => readFileSync(DATA + file, 'utf8').replace(/^\uFEFF/, '');

/** One name of the popular-names data: as written in its country (`local`) and romanized (`roman`). */
export interface PopularName {
  country: string;
  group: string;
  rank: number;
  local: string;
  roman: string;
  gender?: 'F' | 'M';
}

function csvRows(file: string): Record<string, string>[] {
  const [head, ...lines] = read(file).split(/\r?\n/).filter(Boolean);
  const columns = head!.split(',');
  // The files have no quoted fields (checked: no '"' in either).
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

export function forenames(): PopularName[] {
  return csvRows('popular-names-by-country/common-forenames-by-country.csv')
    .filter((r) => r['Romanized Name'])
    .map((r) => ({
      country: r['Country']!,
      group: r['Name Group']!,
      rank: Number(r['Index']) || 1,
      local: r['Localized Name'] || r['Romanized Name']!,
      roman: r['Romanized Name']!,
      gender: r['Gender'] === 'F' ? ('F' as const) : ('M' as const),
    }));
}

export function surnames(): PopularName[] {
  return csvRows('popular-names-by-country/common-surnames-by-country.csv')
    .filter((r) => r['Romanized Name'])
    .flatMap((r) =>
      // "Huỳnh/Hoàng": two romanizations of one name; the first is used, the pair kept as a group.
      r['Romanized Name']!.split('/').map((roman) => ({
        country: r['Country']!,
        group: r['Name Group']!,
        rank: Number(r['Rank']) || 1,
        local: r['Localized Name'] || roman,
        roman,
      })),
    );
}

/** onyxrev/common_nickname_csv: [formal name, nickname]. */
export function nicknamePairs(): [string, string][] {
  return read('nicknames-onyxrev/nicknames.csv')
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.trim()))
    .filter((cells) => cells.length === 3 && cells[1] && cells[2])
    .map((cells) => [cells[1]!, cells[2]!]);
}

/** A written variant list: each line's spellings of one name. */
export function variantSets(file: 'arabic-romanizations.txt' | 'spelling-variants.txt'): string[][] {
  return read(`written/${file}`)
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('|').map((s) => s.trim()));
}

/** Vietnamese given names (middle and given name, "Thanh Thiên") from @faker-js/faker's vi locale (MIT). */
export function vietnameseForenames(): PopularName[] {
  const names: { female?: string[]; male?: string[] } = fakerVI.rawDefinitions.person?.first_name ?? {};
  return (['female', 'male'] as const).flatMap((gender) =>
    (names[gender] ?? []).map((roman: string, i: number) => ({
      country: 'VN',
      group: `VN-${gender}-${i}`,
      rank: 1 + (i % 50),
      local: roman,
      roman,
      gender: gender === 'female' ? ('F' as const) : ('M' as const),
    })),
  );
}
