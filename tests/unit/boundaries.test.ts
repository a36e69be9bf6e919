// The folder boundaries of the architecture are lint rules generated from one layer table
// (LAYERS in eslint.config.js); this proves each row's rule really fires, and lets what is allowed pass.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../eslint.config.js';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (spec: string) => `import * as m from '${spec}';\nexport default m;\n`;

// [file, import, expected message] — at least one refused folder and one refused package per row.
const refused: Array<[string, string, RegExp]> = [
  ['src/shared/x.ts', '../db/open', /src\/shared may import only src\/shared, not src\/db\/open/],
  ['src/shared/x.ts', '../main/core/context', /src\/shared may import only src\/shared/],
  ['src/shared/x.ts', 'node:path', /No Node built-ins in src\/shared/],
  ['src/shared/x.ts', 'react', /src\/shared may not use the package 'react'/],
  ['src/shared/x.ts', 'luxon', /src\/shared may not use the package 'luxon'/],
  [
    'src/db/x.ts',
    '../main/core/context',
    /src\/db may import only src\/db, src\/shared, src\/node, not src\/main/,
  ],
  ['src/db/x.ts', 'electron', /src\/db may not use the package 'electron'/],
  ['src/main/x.ts', '../server/service', /src\/main may import only .* not src\/server\/service/],
  ['src/main/x.ts', '../renderer/App', /src\/main may import only/],
  ['src/main/x.ts', 'electron', /src\/main may not use the package 'electron'/],
  ['src/main/kiosk/x.ts', 'react', /src\/main may not use the package 'react'/],
  // Database access in src/main goes through src/db/repos: no drizzle-orm, no schema.
  ['src/main/gate/x.ts', 'drizzle-orm', /src\/main may not use the package 'drizzle-orm'/],
  ['src/main/gate/x.ts', '../../db/schema', /src\/main may import only .* not src\/db\/schema/],
  ['src/main/electron/x.ts', '../../server/service', /src\/main\/electron may import only/],
  ['src/main/electron/x.ts', 'react', /src\/main\/electron may not use the package 'react'/],
  ['src/preload/x.ts', '../shared/api', /src\/preload may import only src\/preload/],
  ['src/preload/x.ts', 'node:fs', /No Node built-ins in src\/preload/],
  ['src/renderer/x.ts', '../main/station', /src\/renderer may import only src\/renderer, src\/shared/],
  ['src/renderer/x.ts', 'node:fs', /No Node built-ins in src\/renderer/],
  ['src/renderer/x.ts', 'fs', /No Node built-ins in src\/renderer/],
  ['src/renderer/x.ts', 'better-sqlite3', /src\/renderer may not use the package 'better-sqlite3'/],
  [
    'src/server/x.ts',
    '../db/open',
    /src\/server may import only src\/server, src\/shared, src\/node, src\/cli, not src\/db\/open/,
  ],
  ['src/server/x.ts', '../main/station', /src\/server may import only/],
  ['src/console/x.ts', '../server/fleet', /src\/console may import only src\/console, src\/shared/],
  ['src/console/x.ts', '../renderer/api/http', /src\/console may import only/],
  ['src/console/x.ts', 'node:fs', /No Node built-ins in src\/console/],
  ['src/console/x.ts', 'fastify', /src\/console may not use the package 'fastify'/],
  ['src/server/x.ts', 'serialport', /src\/server may not use the package 'serialport'/],
  ['src/node/x.ts', '../main/core/context', /src\/node may import only src\/node, src\/shared/],
  ['src/node/x.ts', '../server/service', /src\/node may import only src\/node, src\/shared/],
  ['src/node/x.ts', 'fastify', /src\/node may not use the package 'fastify'/],
  ['src/cli/x.ts', '../main/station', /src\/cli may import only src\/cli, src\/shared/],
  ['src/cli/x.ts', 'fastify', /src\/cli may not use the package 'fastify'/],
  ['drivers/x.ts', '../src/main/station', /drivers may import only drivers, src\/shared/],
  ['drivers/x.ts', 'electron', /drivers may not use the package 'electron'/],
  ['drivers/x.ts', 'react', /drivers may not use the package 'react'/],
  ['tests/x.ts', 'electron', /Only src\/main\/electron may import electron/],
];

const allowed: Array<[string, string]> = [
  ['src/shared/x.ts', 'zod'],
  ['src/db/x.ts', '../shared/domain'],
  ['src/main/kiosk/x.ts', '../../../drivers/relays/index'],
  ['src/main/kiosk/x.ts', 'node:fs'],
  ['src/main/gate/x.ts', '../../db/repos/gate'],
  ['src/main/electron/x.ts', 'electron'],
  ['src/preload/x.ts', 'electron'],
  ['src/renderer/x.ts', '../shared/api'],
  ['src/console/x.tsx', '../renderer/components/QrCode'],
  ['src/console/x.tsx', 'react-i18next'],
  ['src/server/x.ts', '../shared/sync'],
  ['src/server/x.test.ts', 'vitest'],
  ['src/server/x.ts', '../cli/args'],
  ['src/cli/x.ts', 'node:util'],
  ['src/node/x.ts', 'node:crypto'],
  ['src/node/x.ts', 'better-sqlite3'],
  ['src/db/x.ts', '../node/sqlcipher'],
  ['src/server/x.ts', '../node/sqlcipher'],
  ['src/server/x.ts', '../node/secrets'],
  ['src/main/session/x.ts', '../../node/sign-in-guard'],
  ['drivers/x.ts', 'serialport'],
];

describe('folder boundaries (eslint.config.js LAYERS)', () => {
  it.each(refused)('%s: importing %s is refused', async (file, spec, expected) => {
    expect((await problems(file, use(spec))).join('\n')).toMatch(expected);
  });

  it.each(allowed)('%s may import %s', async (file, spec) => {
    expect(await problems(file, use(spec))).toEqual([]);
  });

  it('has a refused case for every row of the table', () => {
    const rowOf = (file: string) =>
      LAYERS.filter((row) => file.startsWith(`${row.folder}/`)).sort(
        (a, b) => b.folder.length - a.folder.length,
      )[0];
    const rows = new Set(refused.map(([file]) => rowOf(file)?.folder));
    expect([...rows].filter(Boolean).sort()).toEqual(LAYERS.map((row) => row.folder).sort());
  });
});
