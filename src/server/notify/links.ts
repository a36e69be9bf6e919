// Signed links: `<id>.<action>.<expires (unix s)>.<HMAC-SHA256 (server secret), base64url>`. Approve/deny
// links name a token row, which makes them single-use (./store.ts useToken); a delegate link names the host
// whose approvals it may hand over (./delegations.ts). The signature stops forged and altered links.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkAction = 'approve' | 'deny' | 'delegate';

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signLink(secret: string, id: string, action: LinkAction, expiresAt: Date): string {
  const body = `${id}.${action}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${sign(secret, body)}`;
}

export type LinkCheck =
  { ok: true; id: string; action: LinkAction } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a link's signature and expiry; `actions` limits which kinds of link are accepted. */
export function checkLink(
  secret: string,
  link: string,
  now: Date,
  actions: readonly LinkAction[] = ['approve', 'deny'],
): LinkCheck {
  const m = /^([0-9a-f-]{36})\.(approve|deny|delegate)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(link);
  if (!m) return { ok: false, reason: 'invalid' };
  const [, id, action, expires, signature] = m as unknown as [string, string, LinkAction, string, string];
  const expected = Buffer.from(sign(secret, `${id}.${action}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  if (!actions.includes(action)) return { ok: false, reason: 'invalid' };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, id, action };
}
