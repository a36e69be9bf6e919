// The console's own translations (locales/<code>.json, every language of the contract), bundled with the
// page and set up as the station's are (src/renderer/i18n/setup.ts). tests/unit/i18n.test.ts checks both
// sets are complete.
import type { Language } from '../shared/domain';
import { setUpI18n } from '../renderer/i18n/setup';
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

const browser = navigator.language.slice(0, 2);

export default setUpI18n(resources, browser in resources ? browser : 'en');
