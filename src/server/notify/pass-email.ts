// E-mailing a visitor their pass. A kiosk records the visitor's request as a `pass.email` op (in its
// outbox, so it survives being offline and a restart); when the op reaches this server, the visitor gets
// one e-mail in their language with the pass QR code inline (and attached), through the notification
// queue like every other message.
import { PNG } from 'pngjs';
import { qrMatrix } from '../../shared/qr';
import type { ServerOp, SiteInfo } from '../../shared/sync';
import type { NewMessage } from './store';
import { escapeHtml, fill, NOTIFY_LANGUAGES, type MessageTemplate, type NotifyLanguage } from './templates';

export const PASS_EMAIL_OP = 'pass.email';

const TEXTS: Record<NotifyLanguage, MessageTemplate & { alt: string }> = {
  en: {
    subject: 'Your visitor pass for {site}',
    text: 'Here is your visitor pass for {site}, valid until {until}. Show this QR code at the gate or at reception.',
    alt: 'Your pass as a QR code',
  },
  es: {
    subject: 'Su pase de visitante para {site}',
    text: 'Este es su pase de visitante para {site}, válido hasta {until}. Muestre este código QR en el acceso o en recepción.',
    alt: 'Su pase como código QR',
  },
  fr: {
    subject: 'Votre laissez-passer visiteur pour {site}',
    text: 'Voici votre laissez-passer visiteur pour {site}, valable jusqu’au {until}. Présentez ce code QR au portique ou à l’accueil.',
    alt: 'Votre laissez-passer en code QR',
  },
  de: {
    subject: 'Ihr Besucherausweis für {site}',
    text: 'Hier ist Ihr Besucherausweis für {site}, gültig bis {until}. Zeigen Sie diesen QR-Code am Eingang oder am Empfang.',
    alt: 'Ihr Ausweis als QR-Code',
  },
};

/** The QR code of a text as a PNG data URL: 8 pixels a module, with the 4-module quiet zone. */
export function qrPngDataUrl(text: string, scale = 8): string {
  const qr = qrMatrix(text);
  const quiet = 4;
  const side = (qr.size + 2 * quiet) * scale;
  const png = new PNG({ width: side, height: side, colorType: 0 });
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [col, row] = [Math.floor(x / scale) - quiet, Math.floor(y / scale) - quiet];
      const dark = col >= 0 && row >= 0 && col < qr.size && row < qr.size && qr.isDark(col, row);
      const i = (y * side + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = dark ? 0 : 255;
      png.data[i + 3] = 255;
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 0 }).toString('base64')}`;
}

/** The e-mail a `pass.email` op asks for, or null when the op lacks what it needs. */
export function passEmailMessage(op: ServerOp, site: SiteInfo | undefined): NewMessage | null {
  const { email, passToken, language, validUntil, visitId } = op.payload;
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  if (typeof passToken !== 'string' || !op.siteId) return null;
  const lang: NotifyLanguage = (NOTIFY_LANGUAGES as readonly string[]).includes(String(language))
    ? (language as NotifyLanguage)
    : 'en';
  const texts = TEXTS[lang];
  const until =
    typeof validUntil === 'string'
      ? new Intl.DateTimeFormat(lang, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: site?.timezone ?? 'UTC',
        }).format(new Date(validUntil))
      : '';
  const values = { site: site?.name ?? '', until };
  const text = fill(texts.text, values);
  return {
    // One e-mail per request: the op id is the request.
    idempotencyKey: `pass.email:${op.opId}`,
    siteId: op.siteId,
    channel: 'email',
    address: email,
    hostId: null,
    event: 'pass.email',
    visitId: typeof visitId === 'string' ? visitId : null,
    content: {
      subject: fill(texts.subject, values),
      text,
      html: `<p>${escapeHtml(text)}</p><p><img src="cid:pass-qr" alt="${escapeHtml(texts.alt)}" width="296" height="296"></p>`,
      inline: [{ filename: 'pass-qr.png', cid: 'pass-qr', dataUrl: qrPngDataUrl(passToken) }],
    },
  };
}
