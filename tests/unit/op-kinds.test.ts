// Every op type any code records has a merge kind or is a declared notice, so a station and a server of the
// same version never hold one as schema_unknown (an op held that way never reaches another station: the
// site settings a desk recorded before they had a kind sat at `held: 1` for ever).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { kindOfOpType } from '../../src/shared/merge';
import { isNoticeOp, SYNC_SCHEMA_VERSION, type SyncOp } from '../../src/shared/sync';
import { centralOpSchema } from '../../src/server/central-op';
import { judgeOp } from '../../src/server/rules';

const root = path.resolve(__dirname, '../..');

/** The op types a station records: the members of OpPayloads, which recordChange is typed over. */
function stationOpTypes(): string[] {
  const file = path.join(root, 'src/main/core/outbox.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const types: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'OpPayloads') return;
    for (const member of node.members)
      if (member.name && ts.isStringLiteral(member.name)) types.push(member.name.text);
  });
  return types;
}

/** Op types the sync server authors itself (enrollment, approvals, host import): `type: 'x.y'` in src/server. */
function serverOpTypes(): string[] {
  const dir = path.join(root, 'src/server');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  return files.flatMap((f) =>
    [...readFileSync(path.join(dir, f), 'utf8').matchAll(/\btype: '([a-zA-Z]+\.[a-zA-Z]+)'/g)].map(
      (m) => m[1]!,
    ),
  );
}

const recorded = [
  ...new Set([...stationOpTypes(), ...serverOpTypes(), ...centralOpSchema.shape.type.options]),
];

const op = (type: string, stationId: string): SyncOp => ({
  opId: `op-${type}`,
  stationId,
  stationSeq: 1,
  type,
  entityId: 'site-a',
  siteId: 'site-a',
  payload: {},
  occurredAt: '2030-01-01T00:00:00.000Z',
  schemaVersion: SYNC_SCHEMA_VERSION,
});

describe('every recorded op type', () => {
  it('is found (the scan itself works)', () => {
    expect(recorded).toEqual(
      expect.arrayContaining([
        'visit.create',
        'site.settings',
        'staff.upsert',
        'station.upsert',
        'pass.email',
      ]),
    );
  });

  it.each(recorded)('%s has a merge kind or is a declared notice', (type) => {
    expect(kindOfOpType(type) !== undefined || isNoticeOp(type)).toBe(true);
  });

  it.each(recorded)('%s is never kept unapplied by a server of the same version', (type) => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const authors = [
      { id: 'desk-1', role: 'desk', siteId: 'site-a' },
      { id: 'server', role: 'server', siteId: null },
    ] as const;
    // Notices come from stations only (the server never records one for itself).
    for (const author of isNoticeOp(type) ? authors.slice(0, 1) : authors) {
      expect(judgeOp(op(type, author.id), author, undefined, now).action).not.toBe('keep');
    }
  });
});

describe("a site's settings", () => {
  it("are refused from a desk for another site's entity, or when their entity is not their site", () => {
    const desk = { id: 'desk-1', role: 'desk', siteId: 'site-a' } as const;
    const now = new Date('2030-01-01T00:00:00.000Z');
    const settings = (entityId: string, siteId: string) => ({
      ...op('site.settings', desk.id),
      entityId,
      siteId,
      payload: { capacity: 3 },
    });
    expect(judgeOp(settings('site-a', 'site-a'), desk, undefined, now)).toMatchObject({
      action: 'apply',
      kind: 'siteSettings',
      siteId: 'site-a',
    });
    for (const [entityId, siteId] of [
      ['site-b', 'site-a'],
      ['site-b', 'site-b'],
    ] as const)
      expect(judgeOp(settings(entityId, siteId), desk, undefined, now)).toMatchObject({
        action: 'reject',
        reason: 'forbidden_site',
      });
    const kiosk = { id: 'desk-1', role: 'kiosk', siteId: 'site-a' } as const;
    expect(judgeOp(settings('site-a', 'site-a'), kiosk, undefined, now)).toMatchObject({
      action: 'reject',
      reason: 'forbidden_role',
    });
  });
});
