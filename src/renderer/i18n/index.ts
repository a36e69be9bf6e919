// i18next with every locale bundled: a station works offline, so translations ship with the app.
// Add a language: a new locales/<code>.json with every key of en.json, listed below and in LANGUAGES
// (src/shared/domain.ts).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/domain';
import de from './locales/de.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';

export const resources = {
  en: { translation: en },
  es: { translation: es },
  fr: { translation: fr },
  de: { translation: de },
} satisfies Record<Language, { translation: unknown }>;

void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

// Screen readers and hyphenation follow the language on screen.
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18n;
