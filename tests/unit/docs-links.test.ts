// Every relative link in the README, docs/*.md and bench/README.md points at a file of this repository
// that exists, and every #anchor at a heading of the page it names: moving a page or renaming a
// heading breaks this test, not a reader's click. Links to the web (http:, https:, mailto:) are not
// followed; a link that climbs out of the repository fails.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = [
  'README.md',
  'bench/README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The page's text without fenced code blocks, where a `#` line is not a heading. */
const withoutFences = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** The page's text without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline `[text](target)` and `![alt](target)`, and reference definitions `[x]: target`. */
function links(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  // Inline code in a heading is part of its anchor (`cipher` in "bench `cipher`"): only fences go.
  const headings = [...withoutFences(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)];
  return new Set(headings.map((m) => slug(m[1]!)));
}

describe('links in the documentation', () => {
  it('finds the pages and their links', () => {
    expect(PAGES).toContain('docs/architecture.md');
    expect(links(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(5);
  });

  it.each(PAGES)('every relative link in %s resolves inside the repository', (page) => {
    const from = path.join(ROOT, page);
    const broken: string[] = [];
    for (const target of links(readFileSync(from, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [file = '', anchor] = target.split('#');
      const resolved = file === '' ? from : path.resolve(path.dirname(from), decodeURI(file));
      if (path.relative(ROOT, resolved).startsWith('..')) broken.push(`${target} (outside the repository)`);
      else if (!existsSync(resolved)) broken.push(`${target} (no such file)`);
      else if (
        anchor &&
        statSync(resolved).isFile() &&
        resolved.endsWith('.md') &&
        !anchors(resolved).has(anchor)
      )
        broken.push(`${target} (no heading #${anchor})`);
    }
    expect(broken).toEqual([]);
  });
});
