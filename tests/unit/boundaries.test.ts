// The folder boundaries of the architecture are lint rules; this proves each rule really fires.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('process boundaries', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['src/renderer/x.ts', "import fs from 'node:fs';\nexport default fs;\n", /No Node built-ins/],
    [
      'src/renderer/x.ts',
      "import { startStation } from '../main/station';\nexport default startStation;\n",
      /typed client/,
    ],
    ['src/renderer/x.ts', "import Database from 'better-sqlite3';\nexport default Database;\n", /Node-only/],
    ['src/shared/x.ts', "import path from 'node:path';\nexport default path;\n", /No Node built-ins/],
    [
      'src/shared/x.ts',
      "import { openDatabase } from '../db/open';\nexport default openDatabase;\n",
      /only src\/shared/,
    ],
    ['src/main/x.ts', "import { app } from 'electron';\nexport default app;\n", /Only src\/main\/electron/],
    ['src/db/x.ts', "import { app } from 'electron';\nexport default app;\n", /Only src\/main\/electron/],
    ['drivers/x.ts', "import { app } from 'electron';\nexport default app;\n", /no Electron/],
    ['drivers/x.ts', "import React from 'react';\nexport default React;\n", /no React/],
  ];

  it.each(cases)('%s: %s is refused', async (file, code, expected) => {
    expect((await problems(file, code)).join('\n')).toMatch(expected);
  });

  it('lets src/main/electron import electron', async () => {
    expect(
      await problems('src/main/electron/x.ts', "import { app } from 'electron';\nexport default app;\n"),
    ).toEqual([]);
  });
});
