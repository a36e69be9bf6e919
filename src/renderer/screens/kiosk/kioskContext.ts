// What every kiosk screen shares: the site's kiosk settings and the visitor's language.
import { createContext, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../../shared/settings';
import { LANGUAGES, type Language } from '../../../shared/domain';

export const KioskSettingsContext = createContext<SiteSettings>(DEFAULT_SITE_SETTINGS);
export const useKioskSettings = () => useContext(KioskSettingsContext);

/** The language the visitor chose (the station's until they switch). */
export function useVisitorLanguage(): Language {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage as Language | undefined;
  return lng && LANGUAGES.includes(lng) ? lng : 'en';
}

/** Lets a screen hold off the idle timeout while the visitor is rightly waiting (for their host). */
export const KioskIdleHoldContext = createContext<(hold: boolean) => void>(() => {});
export function useHoldIdle(): void {
  const hold = useContext(KioskIdleHoldContext);
  useEffect(() => {
    hold(true);
    return () => hold(false);
  }, [hold]);
}

/**
 * Back to the welcome screen now, in the station's language, with whatever was typed gone: what the idle
 * timeout does, for a screen that must not stay up (the done screen with its pass QR).
 */
export const KioskResetContext = createContext<() => void>(() => {});
export const useKioskReset = () => useContext(KioskResetContext);
