// i18next with every locale bundled: a station works offline, so translations ship with the app.
// Add a language: a new locales/<code>.json with every key of en.json, listed below and in LANGUAGES
// (src/shared/domain.ts).
import type { Language } from '../../shared/domain';
import de from './locales/de.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import { setUpI18n } from './setup';

export const resources = {
  en: { translation: en },
  es: { translation: es },
  fr: { translation: fr },
  de: { translation: de },
} satisfies Record<Language, { translation: unknown }>;

export default setUpI18n(resources, 'en');
