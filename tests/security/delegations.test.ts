// POST /notify/delegations on a real sync server with notifications on: a gate's or a kiosk's
// credential (leaked, or a cloned kiosk) cannot redirect a host's approvals; a desk, where the host signs
// in, may.
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { NOTIFY_ROUTES } from '../../src/shared/notify';
import { foldForSearch } from '../../src/shared/text';
import { addSite, enrollRaw, post } from '../support/sync/http';
import { adminCall, startSyncServer } from '../support/sync/server';

const ADMIN = 'security-admin-token';

describe('a delegation of a host’s approvals', () => {
  it('is refused from a gate or kiosk credential and accepted from a desk', async () => {
    const running = await startSyncServer('delegations', {
      adminToken: ADMIN,
      notify: { publicUrl: 'http://127.0.0.1:1/', secret: 'x'.repeat(32), intervalMs: 0 },
    });
    try {
      const { base } = running;
      const siteId = await addSite(base, ADMIN, 'Harbour');
      const [hostId, delegateHostId] = [newId(), newId()];
      const at = new Date().toISOString();
      await adminCall(base, ADMIN, '/admin/ops', {
        ops: [hostId, delegateHostId].map((id, i) => ({
          type: 'host.upsert',
          entityId: id,
          siteId,
          payload: { siteId, name: `Host ${i}`, searchName: foldForSearch(`Host ${i}`), createdAt: at },
        })),
      });
      const from = new Date(Date.parse(at) + 3_600_000).toISOString();
      const until = new Date(Date.parse(at) + 48 * 3_600_000).toISOString();
      const request = { hostId, delegateHostId, from, until };
      for (const role of ['gate', 'kiosk'] as const) {
        const { credential } = await enrollRaw(base, ADMIN, siteId, role);
        const answer = await post(base, NOTIFY_ROUTES.delegations, credential, request);
        expect(answer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
        expect(answer.body.message).toMatch(/desk/);
      }
      expect(await running.server.notify!.store.delegations(hostId)).toEqual([]);
      const desk = await enrollRaw(base, ADMIN, siteId, 'desk');
      const accepted = await post(base, NOTIFY_ROUTES.delegations, desk.credential, request);
      expect(accepted.status).toBe(201);
    } finally {
      await running.close();
    }
  });
});
