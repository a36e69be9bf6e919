// Host type-ahead at the kiosk: "jose mul", "Jürgen Weis" and "priya natrajan" all find their host.
// A site's directory is small (hundreds), so every active host is scored in memory.
import type { Db } from '../../db/open';
import { hostsRepo } from '../../db/repos/directory';
import { foldForSearch } from '../../shared/text';
import { typoDistance } from '../screening/similarity';

/** Typos forgiven in a word of this many letters: none below 4, one below 8, two from 8. */
const allowedTypos = (length: number) => (length < 4 ? 0 : length < 8 ? 1 : 2);

/** How well a typed word matches a name word: 0 = exact, higher = worse, null = no match. */
function wordCost(typed: string, word: string, wholeWord: boolean): number | null {
  if (wholeWord) {
    const d = typoDistance(typed, word, allowedTypos(word.length));
    return d <= allowedTypos(word.length) ? d : null;
  }
  if (word.startsWith(typed)) return 0;
  // The typed start of a word may hold a typo: compare with the word's start of the same length (±1).
  let best: number | null = null;
  for (const len of [typed.length - 1, typed.length, typed.length + 1]) {
    if (len < 1 || len > word.length) continue;
    const max = allowedTypos(typed.length);
    const d = typoDistance(typed, word.slice(0, len), max);
    if (d <= max && (best === null || d < best)) best = d;
  }
  return best;
}

export interface HostHit {
  id: string;
  name: string;
  department: string | null;
}

/**
 * Hosts whose name matches every typed word (in any order). With `fullName`, every word must match a
 * whole name word and the query must cover all of the host's name words: a directory hidden from
 * browsing still finds the person you name.
 */
export function searchHosts(db: Db, siteId: string, query: string, fullName: boolean, limit = 6): HostHit[] {
  const typed = foldForSearch(query).split(' ').filter(Boolean);
  if (typed.length === 0 || (fullName && typed.length < 2)) return [];
  const scored: Array<{ host: HostHit; cost: number }> = [];
  for (const h of hostsRepo.search(db, siteId, [], -1)) {
    const words = h.searchName.split(' ').filter(Boolean);
    if (fullName && words.length !== typed.length) continue;
    let total = 0;
    const used = new Set<number>();
    for (const t of typed) {
      let best: { i: number; cost: number } | null = null;
      words.forEach((w, i) => {
        if (used.has(i)) return;
        const cost = wordCost(t, w, fullName);
        if (cost !== null && (!best || cost < best.cost)) best = { i, cost };
      });
      if (!best) {
        total = -1;
        break;
      }
      const { i, cost } = best as { i: number; cost: number };
      used.add(i);
      total += cost;
    }
    if (total >= 0) scored.push({ host: { id: h.id, name: h.name, department: h.department }, cost: total });
  }
  return scored
    .sort((a, b) => a.cost - b.cost || a.host.name.localeCompare(b.host.name))
    .slice(0, limit)
    .map((s) => s.host);
}
