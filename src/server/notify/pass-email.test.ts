// The pass e-mail built from a pass.email op: what it says in the visitor's language, and ops it refuses.
import { describe, expect, it } from 'vitest';
import type { ServerOp } from '../../shared/sync';
import { passEmailMessage } from './pass-email';

const site = { id: 'site-1', name: 'Harbour House', timezone: 'Europe/Madrid', defaultLanguage: 'en' };
const op = (payload: Record<string, unknown>): ServerOp => ({
  opId: 'op-1',
  stationId: 'kiosk-1',
  stationSeq: 1,
  serverSeq: 7,
  type: 'pass.email',
  entityId: 'request-1',
  siteId: 'site-1',
  payload,
  occurredAt: '2026-11-24T09:00:00.000Z',
  schemaVersion: 1,
});
const request = {
  email: 'ada@example.test',
  passToken: 'GH1:EXAMPLE-PASS-TOKEN',
  language: 'es',
  validUntil: '2026-11-24T23:00:00.000Z',
  visitId: 'visit-1',
};

describe('pass e-mail', () => {
  it('is one e-mail per request, in the visitor’s language and the site’s time, with the QR code inline', () => {
    const message = passEmailMessage(op(request), site)!;
    expect(message).toMatchObject({
      idempotencyKey: 'pass.email:op-1',
      channel: 'email',
      address: 'ada@example.test',
      visitId: 'visit-1',
      content: { subject: 'Su pase de visitante para Harbour House' },
    });
    expect(message.content.text).toContain('válido hasta 25 nov 2026, 0:00');
    expect(message.content.inline).toEqual([
      { filename: 'pass-qr.png', cid: 'pass-qr', dataUrl: expect.stringMatching(/^data:image\/png;base64,/) },
    ]);
  });

  it('refuses an op without a usable address or token', () => {
    expect(passEmailMessage(op({ ...request, email: 'not an address' }), site)).toBeNull();
    expect(passEmailMessage(op({ ...request, passToken: 42 }), site)).toBeNull();
  });
});
