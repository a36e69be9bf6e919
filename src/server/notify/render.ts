// A message's content for one recipient: the event's template in their language filled with the visit
// (subject and text), and the same as escaped HTML with the inline photo, approve/deny buttons and the
// host's delegate link.
import type { MessageContent } from './store';
import { escapeHtml, fill, textsFor, type MessageEvent } from './templates';
import type { VisitContext } from './visit-context';

export function render(
  event: MessageEvent,
  language: string,
  visit: Partial<VisitContext>,
  extra: Record<string, string> = {},
  links: { approve?: string; deny?: string; delegate?: string } = {},
): MessageContent {
  const texts = textsFor(language);
  const template = texts.messages[event];
  const visitor = visit.visitorName
    ? visit.company
      ? `${visit.visitorName} (${visit.company})`
      : visit.visitorName
    : '?';
  const values = {
    visitor,
    location: visit.location,
    host: visit.hostName ?? '',
    site: visit.siteName,
    ...extra,
  };
  const subject = fill(template.subject, values);
  const body = fill(template.text, values);
  const decide = links.approve && links.deny ? { approve: links.approve, deny: links.deny } : undefined;
  const linkText = [
    decide ? `\n\n${texts.approve}: ${decide.approve}\n${texts.deny}: ${decide.deny}\n` : '',
    links.delegate ? `\n${texts.delegateLink}: ${links.delegate}\n` : '',
  ].join('');
  const button = (href: string, label: string, color: string) =>
    `<a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 20px;margin:4px;border-radius:6px;background:${color};color:#fff;text-decoration:none">${escapeHtml(label)}</a>`;
  const html = [
    `<p>${escapeHtml(body)}</p>`,
    visit.photo ? `<p><img src="cid:visitor-photo" alt="" width="160"></p>` : '',
    decide
      ? `<p>${button(decide.approve, texts.approve, '#1a7f37')}${button(decide.deny, texts.deny, '#b42318')}</p>`
      : '',
    links.delegate
      ? `<p><a href="${escapeHtml(links.delegate)}">${escapeHtml(texts.delegateLink)}</a></p>`
      : '',
  ].join('');
  return { subject, text: body + linkText, html, ...(visit.photo ? { photo: visit.photo } : {}) };
}
