// Issue #14 item 2: an anonymous caller must not finish somebody else's approved visit (and walk away with
// its signed pass), nor learn which visits are waiting or were approved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, walkIn, type SecurityHost } from './host';

let host: SecurityHost;
beforeEach(async () => {
  host = await startHost('kiosk');
});
afterEach(() => host.close());

async function waitingVisit() {
  const { status, body } = await host.post('kiosk.checkIn', await walkIn(host, 'Bob Fixer', 'Contractor'));
  expect(status).toBe(200);
  expect(body.outcome).toBe('waiting_for_approval');
  return body as { visitId: string; waitToken: string };
}

// One bit of the signature's first byte flipped. (Not its tail: an Ed25519 signature's last byte is always
// below 0x10, so rewriting the last base64url characters leaves it unchanged about one time in sixteen.)
function tampered(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64url');
}

async function approve(visitId: string) {
  const desk = await host.signIn('reception', '2222');
  const decided = await host.post('visits.decide', { visitId, decision: 'approve' }, { token: desk });
  expect(decided.status).toBe(200);
}

describe('a visit waiting for approval at the kiosk', () => {
  it('is finished only by the kiosk screen that started it, with the token only it was given', async () => {
    const waiting = await waitingVisit();
    expect(waiting.waitToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Anyone else listening on an anonymous event socket (another tab, a page that got in) …
    const eavesdropper = await host.socket();
    await approve(waiting.visitId);
    // … hears that something changed, never which visit or what became of it.
    await expect.poll(() => eavesdropper.messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(eavesdropper.messages)).not.toContain(waiting.visitId);
    expect(JSON.stringify(eavesdropper.messages)).not.toContain('approved');
    eavesdropper.close();

    const before = host.auditCount();
    for (const attempt of [
      { visitId: waiting.visitId, language: 'en' },
      { visitId: waiting.visitId, waitToken: 'A'.repeat(86), language: 'en' },
      { visitId: waiting.visitId, waitToken: tampered(waiting.waitToken), language: 'en' },
    ]) {
      const stolen = await host.post('kiosk.finishApproved', attempt);
      expect(stolen.status, JSON.stringify(stolen.body)).toBeGreaterThanOrEqual(400);
      expect(stolen.status).toBeLessThan(500);
      expect(JSON.stringify(stolen.body)).not.toMatch(/passToken|GH\d+:/);
    }
    // Nor may a stranger read the waiting visit's status (its host's name) from its id.
    const peek = await host.post('kiosk.visitStatus', { visitId: waiting.visitId });
    expect(peek.status).toBe(400);
    // Refused attempts change nothing but the refusals they leave in the audit log.
    expect(
      host.station.core.db.$client
        .prepare('SELECT status FROM visits WHERE id = ?')
        .pluck()
        .get(waiting.visitId),
    ).toBe('approved');
    expect(host.auditCount() - before).toBeLessThanOrEqual(3);

    // The real visitor's screen still finishes.
    const status = await host.post('kiosk.visitStatus', {
      visitId: waiting.visitId,
      waitToken: waiting.waitToken,
    });
    expect(status.body).toMatchObject({ state: 'approved', hostName: 'Ana Ruiz' });
    const done = await host.post('kiosk.finishApproved', {
      visitId: waiting.visitId,
      waitToken: waiting.waitToken,
      language: 'en',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ outcome: 'checked_in', firstName: 'Bob' });
  });

  it('cannot be finished with a token another station would have given', async () => {
    const waiting = await waitingVisit();
    await approve(waiting.visitId);
    const other = await startHost('kiosk');
    try {
      // The same visit id on another kiosk: its token is that station's, not this one's.
      const elsewhere = await other.post('kiosk.visitStatus', { visitId: 'x', waitToken: waiting.waitToken });
      expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    } finally {
      await other.close();
    }
  });
});
