// No import loops in the station core or the sync server, and in src/main imports only run down:
// the top (station.ts, handlers.ts, the transports and command lines) may import anything, an area folder
// (kiosk, visits, gate, …) other areas and src/main/core, and src/main/core only itself.
//
// A small walker over import statements instead of madge or dependency-cruiser: neither is installed, and
// relative imports of .ts files are all this needs. Type-only imports count too: a loop of types is still a
// loop a reader has to untangle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [file] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Every file under `dir` with the files it imports (relative imports of our own .ts files only). */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, dir))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => resolve(file, (m[1] ?? m[2])!))
      .filter((t): t is string => t !== null && /\.tsx?$/.test(t));
    graph.set(file, targets);
  }
  return graph;
}

/** The import loops of a graph, each as a list of files relative to the repository (depth-first search). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue; // outside the folder walked
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found.map((loop) => loop.map((f) => path.relative(ROOT, f)));
}

/** The layer of a file of src/main: 0 core, 1 an area folder, 2 the top (composition root and transports). */
export function layerOf(file: string): number {
  const rel = path.relative(path.join(ROOT, 'src/main'), file).split(path.sep);
  if (rel.length === 1 || rel[0] === 'electron' || rel[0] === 'web' || rel.at(-1) === 'cli.ts') return 2;
  return rel[0] === 'core' ? 0 : 1;
}

describe('import graph', () => {
  it.each(['src/main', 'src/server'])('%s has no import loops', (dir) => {
    expect(cycles(importGraph(dir))).toEqual([]);
  });

  it('src/main imports only run down: top → areas → core', () => {
    const upward = [...importGraph('src/main')].flatMap(([file, targets]) =>
      targets
        .filter((target) => target.startsWith(path.join(ROOT, 'src/main')) && layerOf(target) > layerOf(file))
        .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('finds a loop and an upward import when there is one', () => {
    const a = path.join(ROOT, 'src/main/core/a.ts');
    const b = path.join(ROOT, 'src/main/kiosk/b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['src/main/core/a.ts', 'src/main/kiosk/b.ts', 'src/main/core/a.ts']]);
    expect(layerOf(b)).toBeGreaterThan(layerOf(a));
    expect(layerOf(path.join(ROOT, 'src/main/station.ts'))).toBeGreaterThan(layerOf(b));
  });
});
