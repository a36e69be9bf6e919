// The frame of every kiosk screen: the site's name and the language switch, always within reach; the
// on-screen keyboard; and the idle timeout. After kioskIdleSeconds without a touch it asks "Still there?";
// with no answer it goes back to the welcome screen in the station's language, and whatever was half
// typed goes with the screen that held it.
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../../shared/settings';
import { StaffExitDialog, useExitGesture } from './StaffExit';
import { KioskIdleHoldContext, KioskResetContext, KioskSettingsContext } from './kioskContext';

/** The site's accent colour (site setting branding.accentColor) in place of the default brand colour. */
const brandStyle = ({ branding: { accentColor } }: SiteSettings) =>
  accentColor
    ? ({
        '--brand': accentColor,
        '--brand-strong': `color-mix(in srgb, ${accentColor} 75%, black)`,
      } as CSSProperties)
    : undefined;

/** How long the "Still there?" prompt waits for a touch. */
const PROMPT_SECONDS = 15;

export function KioskLayout() {
  const { t, i18n } = useTranslation();
  const { status, client } = useStation();
  const loadSettings = useCallback(() => client.settings.site(), [client]);
  // Until the site's settings arrive (or when they cannot be read), the defaults keep the kiosk usable.
  const settings = useLive(loadSettings, ['settings.changed']).data ?? DEFAULT_SITE_SETTINGS;
  const [holds, setHolds] = useState(0);
  const holdIdle = useCallback((hold: boolean) => setHolds((n) => n + (hold ? 1 : -1)), []);
  const idle = useIdleReset(settings.kioskIdleSeconds, holds > 0);
  const [staffExit, setStaffExit] = useState(false);
  const openStaffExit = useCallback(() => setStaffExit(true), []);
  const closeStaffExit = useCallback(() => setStaffExit(false), []);
  const exitGesture = useExitGesture(openStaffExit);

  return (
    <KioskSettingsContext.Provider value={settings}>
      <KioskIdleHoldContext.Provider value={holdIdle}>
        <KioskResetContext.Provider value={idle.reset}>
          <div className="kiosk" style={brandStyle(settings)}>
            <header className="kiosk__header">
              <span className="kiosk__brand" aria-label={t('app.name')}>
                {/* Five quick taps here open the staff exit (StaffExit.tsx): nothing shows it to visitors. */}
                <span className="kiosk__mark" aria-hidden="true" onPointerDown={exitGesture.onTap}>
                  G
                </span>
                {status.site?.name}
                {settings.branding.welcomeText && (
                  <span className="kiosk__welcome-line">{settings.branding.welcomeText}</span>
                )}
              </span>
              <LanguageSwitch />
            </header>
            <Outlet key={idle.resets} />
            {staffExit && <StaffExitDialog onClose={closeStaffExit} />}
            <OnScreenKeyboard />
            {idle.prompt !== null ? (
              <div
                className="kiosk-idle"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="kiosk-idle-title"
              >
                <div className="kiosk-idle__card">
                  <h2 id="kiosk-idle-title">{t('kioskFlow.idle.title')}</h2>
                  <p>{t('kioskFlow.idle.body', { seconds: idle.prompt })}</p>
                  <button
                    type="button"
                    className="button button--primary button--large"
                    onClick={idle.stay}
                    autoFocus
                  >
                    {t('kioskFlow.idle.stay')}
                  </button>
                </div>
              </div>
            ) : null}
          </div>
        </KioskResetContext.Provider>
      </KioskIdleHoldContext.Provider>
    </KioskSettingsContext.Provider>
  );

  function useIdleReset(seconds: number, held: boolean) {
    const navigate = useNavigate();
    const location = useLocation();
    const [prompt, setPrompt] = useState<number | null>(null);
    const [resets, setResets] = useState(0);
    const [touched, setTouched] = useState(0);
    const stationLanguage = status.station.language;
    const atRest = held || (location.pathname === '/kiosk' && i18n.resolvedLanguage === stationLanguage);

    useEffect(() => {
      const touch = () => setTouched((n) => n + 1);
      const kinds = ['pointerdown', 'keydown', 'input', 'wheel'] as const;
      kinds.forEach((k) => window.addEventListener(k, touch, { capture: true }));
      return () => kinds.forEach((k) => window.removeEventListener(k, touch, { capture: true }));
    }, []);

    // Any touch starts the wait again (and answers the prompt).
    useEffect(() => {
      setPrompt(null);
      if (atRest) return;
      const timer = setTimeout(() => setPrompt(PROMPT_SECONDS), seconds * 1000);
      return () => clearTimeout(timer);
    }, [touched, seconds, atRest]);

    const reset = useCallback(() => {
      setPrompt(null);
      setResets((n) => n + 1);
      void i18n.changeLanguage(stationLanguage);
      navigate('/kiosk', { replace: true });
    }, [navigate, stationLanguage]);

    // One timer decides (so a slow screen never stretches the wait); the other only counts down on screen.
    const prompting = prompt !== null;
    useEffect(() => {
      if (!prompting) return;
      const tick = setInterval(() => setPrompt((p) => (p === null ? null : Math.max(0, p - 1))), 1000);
      const timer = setTimeout(reset, PROMPT_SECONDS * 1000);
      return () => {
        clearInterval(tick);
        clearTimeout(timer);
      };
    }, [prompting, reset]);

    return { prompt, resets, reset, stay: () => setTouched((n) => n + 1) };
  }
}
