// Notification texts per language, and the one function that fills their placeholders.
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { NOTIFY_LANGUAGES, type NotifyLanguage, type NotifyTexts } from './types';

export * from './types';

export const TEMPLATES: Record<NotifyLanguage, NotifyTexts> = { en, es, fr, de };

/** The texts of a language, English for a language we have no texts for. */
export function textsFor(language: string | null | undefined): NotifyTexts {
  return (NOTIFY_LANGUAGES as readonly string[]).includes(language ?? '')
    ? TEMPLATES[language as NotifyLanguage]
    : TEMPLATES.en;
}

/** Fills {name} placeholders; a placeholder without a value is left out. */
export function fill(template: string, values: Record<string, string | null | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** Text made safe to put inside HTML (an element's content or a quoted attribute). */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
