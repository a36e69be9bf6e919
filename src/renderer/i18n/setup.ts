// The one i18next set-up of every page (the station screen, ./index.ts, and the sync server's console,
// src/console/i18n.ts): every locale bundled with the page, so a page needs no server to speak.
import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export function setUpI18n(resources: Resource, lng: string): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Screen readers and hyphenation follow the language on screen.
  i18n.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  document.documentElement.lang = i18n.language;
  return i18n;
}
