// Times and names in the screen's language and the site's time zone.
export function formatTime(iso: string | null, language: string, timeZone: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** A name given per language (visitor types), falling back to English, then to any. */
export function localName(names: Record<string, string>, language: string): string {
  return names[language] ?? names.en ?? Object.values(names)[0] ?? '';
}
