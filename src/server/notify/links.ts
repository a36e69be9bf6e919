// Approve/deny links: `<tokenId>.<action>.<expires (unix s)>.<HMAC-SHA256 (server secret), base64url>`.
// The signature stops forged and altered links; the token row makes them single-use (./store.ts useToken).
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkAction = 'approve' | 'deny';

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signLink(secret: string, tokenId: string, action: LinkAction, expiresAt: Date): string {
  const body = `${tokenId}.${action}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${sign(secret, body)}`;
}

export type LinkCheck =
  { ok: true; tokenId: string; action: LinkAction } | { ok: false; reason: 'invalid' | 'expired' };

export function checkLink(secret: string, link: string, now: Date): LinkCheck {
  const m = /^([0-9a-f-]{36})\.(approve|deny)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(link);
  if (!m) return { ok: false, reason: 'invalid' };
  const [, tokenId, action, expires, signature] = m as unknown as [
    string,
    string,
    LinkAction,
    string,
    string,
  ];
  const expected = Buffer.from(sign(secret, `${tokenId}.${action}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, tokenId, action };
}
