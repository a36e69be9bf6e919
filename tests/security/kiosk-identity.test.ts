// Issue #14 item 5: from an e-mail address (or a name) alone an anonymous visitor learned a stranger's
// name and company, and could then check in "as" them with another name, rewriting their record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, walkIn, type SecurityHost } from './host';

let host: SecurityHost;
beforeEach(async () => {
  host = await startHost('kiosk');
  const { body } = await host.post(
    'kiosk.checkIn',
    await walkIn(host, 'Ada Lovelace', 'Visitor', { email: 'ada@engines.example' }),
  );
  expect(body.outcome).toBe('checked_in');
});
afterEach(() => host.close());

const visitors = () =>
  host.station.core.db.$client
    .prepare('SELECT name, company, email FROM visitors WHERE email = ?')
    .all('ada@engines.example');

describe('a returning visitor at the kiosk', () => {
  it('is not disclosed to someone who only knows their e-mail or name', async () => {
    const byName = await host.post('kiosk.recognise', { name: 'Ada Lovelace' });
    expect(byName.status).toBe(400);
    const byEmail = await host.post('kiosk.recognise', { email: 'ada@engines.example' });
    const [candidate] = (byEmail.body as { candidates: Array<{ visitorId: string }> }).candidates;
    expect(candidate).toBeDefined();
    const recalled = await host.post('kiosk.recall', { visitorId: candidate!.visitorId, consent: true });
    expect(recalled.status).toBe(200);
    expect(JSON.stringify(recalled.body)).not.toMatch(/Ada|Lovelace|Analytical/);
  });

  it('cannot be rewritten by a check-in that claims their record under another name', async () => {
    const { candidates } = (await host.post('kiosk.recognise', { email: 'ada@engines.example' })).body as {
      candidates: Array<{ visitorId: string }>;
    };
    const input = await walkIn(host, 'Mallory Mallet', 'Visitor', {
      email: 'ada@engines.example',
      company: 'Evil Corp',
    });
    const { body } = await host.post('kiosk.checkIn', {
      ...input,
      returningVisitorId: candidates[0]!.visitorId,
    });
    expect(body.outcome).toBe('checked_in');
    const stored = host.station.core.db.$client
      .prepare('SELECT name, company FROM visitors WHERE id = ?')
      .get(candidates[0]!.visitorId);
    expect(stored).toEqual({ name: 'Ada Lovelace', company: 'Analytical Engines' });
    expect(visitors()).toHaveLength(2);
  });
});
