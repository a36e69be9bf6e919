// Issue #14 item 11 (parts): malformed requests answer a clear 400 and change nothing — a POST with no
// body at all (it used to be dispatched, and audited, as {}), and a lone UTF-16 surrogate in any string
// (it used to answer 500 from deep inside the audit chain).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type SecurityHost } from './host';

let host: SecurityHost;
beforeEach(async () => {
  host = await startHost('desk');
});
afterEach(() => host.close());

describe('malformed requests', () => {
  it('refuse a body-less POST with 400, writing no audit entry', async () => {
    const token = await host.signIn('admin', '1111');
    const before = host.auditCount();
    for (const method of ['session.signOut', 'evacuation.start', 'system.health']) {
      const answer = await host.post(method, undefined, { token });
      expect(answer.status, method).toBe(400);
      expect(answer.body.code).toBe('invalid_input');
    }
    expect(host.auditCount()).toBe(before);
    // Still signed in: the body-less sign-out did nothing.
    expect((await host.post('session.current', {}, { token })).status).toBe(200);
  });

  it('refuse a lone surrogate in any string with 400, not 500', async () => {
    const token = await host.signIn('security', '3333');
    const before = host.auditCount();
    const raw = '{"title":"Door \\ud800 open","note":"x"}'; // valid JSON, not valid Unicode
    const answer = await host.post('incidents.raise', undefined, { token, raw });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_input' });
    expect(String(answer.body.message)).toMatch(/character/i);
    expect(host.auditCount()).toBe(before);
  });
});
