// One writer per status: visits.status (and its hold) only through src/main/visits/status.ts, which checks
// canMoveVisit; passes.status only through src/main/passes/lifecycle.ts, which checks canMovePass. The
// repositories keep the columns out of their general update()s (a type error) and write them only in
// writeVisitStatus and writePassStatus; this test fails when a second module imports either, or writes
// those tables around the repositories.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [file] : [];
  });
}

const files = sourceFiles(path.join(ROOT, 'src')).map((file) => ({
  file: path.relative(ROOT, file).split(path.sep).join('/'),
  text: readFileSync(file, 'utf8'),
}));

/** Files that name a function anywhere outside its own definition file. */
const users = (name: string, definedIn: string) =>
  files
    .filter(({ file, text }) => file !== definedIn && new RegExp(`\\b${name}\\b`).test(text))
    .map((f) => f.file);

describe('status writers', () => {
  it('only src/main/visits/status.ts writes a visit’s status and hold', () => {
    expect(users('writeVisitStatus', 'src/db/repos/visits.ts')).toEqual(['src/main/visits/status.ts']);
  });

  it('only src/main/passes/lifecycle.ts writes a pass’s status', () => {
    expect(users('writePassStatus', 'src/db/repos/passes.ts')).toEqual(['src/main/passes/lifecycle.ts']);
  });

  it('nothing writes the visits or passes tables around their repositories', () => {
    // drizzle's update(visits) / update(passes), or SQL text updating them. src/db/repos/sync.ts writes
    // merged rows (the merge rules decide their status, src/shared/merge.ts), not decisions of its own.
    const allowed = new Set(['src/db/repos/visits.ts', 'src/db/repos/passes.ts', 'src/db/repos/sync.ts']);
    const writes = /\bupdate\(\s*(?:schema\.)?(?:visits|passes)\s*\)|\bUPDATE\s+[`"']?(?:visits|passes)\b/i;
    expect(
      files.filter(({ file, text }) => !allowed.has(file) && writes.test(text)).map((f) => f.file),
    ).toEqual([]);
  });

  it('the repositories’ general updates leave the status columns out', () => {
    const visits = readFileSync(path.join(ROOT, 'src/db/repos/visits.ts'), 'utf8');
    expect(visits).toMatch(/type StatusColumns = 'status' \| 'hold'/);
    expect(visits).toMatch(/update\(db: Db, id: string, patch: VisitPatch\)/);
    const passes = readFileSync(path.join(ROOT, 'src/db/repos/passes.ts'), 'utf8');
    expect(passes).not.toMatch(/^\s*update\(/m);
  });
});
