// The staff way out of kiosk mode (docs/electron.md#leaving-kiosk-mode). Hidden from visitors: five taps
// on the site's mark in the kiosk header within three seconds, or Ctrl+Alt+Shift+K, open a staff sign-in.
// The station's own session.signIn checks the PIN (throttles and locks apply), then station.exitKiosk
// (admin or reception only, audited) asks the shell to leave kiosk mode; the session ends right after,
// allowed or not, so the kiosk never keeps a staff session.
import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api/StationProvider';
import { SignInError, SignInFields, useSignInForm } from '../../components/StaffOnly';
import { useHoldIdle } from './kioskContext';

/** Taps on the mark, and the time they must fall within, that open the staff sign-in. */
export const EXIT_TAPS = 5;
export const EXIT_TAP_WINDOW_MS = 3000;

/** Counts taps on the mark; calls open after EXIT_TAPS of them within EXIT_TAP_WINDOW_MS. */
export function useExitGesture(open: () => void): { onTap: () => void } {
  const taps = useRef<number[]>([]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.altKey && e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return {
    onTap: () => {
      const now = Date.now();
      taps.current = [...taps.current.filter((t) => now - t < EXIT_TAP_WINDOW_MS), now];
      if (taps.current.length >= EXIT_TAPS) {
        taps.current = [];
        open();
      }
    },
  };
}

/**
 * Memoised: the kiosk frame re-renders on every touch (its idle timer listens in the capture phase), and
 * a re-render between a keystroke and its onChange would put the controlled fields back to their old value.
 */
export const StaffExitDialog = memo(function StaffExitDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { client, signOut } = useStation();
  useHoldIdle();
  const [done, setDone] = useState(false);
  // The session ends right after, allowed or not, so the kiosk never keeps a staff session.
  const { fields, busy, error, submit } = useSignInForm(async () => {
    try {
      await client.station.exitKiosk({});
      setDone(true);
    } finally {
      await signOut();
    }
  });

  return (
    <div className="kiosk-idle" role="dialog" aria-modal="true" aria-labelledby="staff-exit-title">
      <form className="kiosk-idle__card sign-in" onSubmit={submit} noValidate>
        <h2 id="staff-exit-title">{t('kioskExit.title')}</h2>
        {done ? (
          <div className="alert alert--info" role="status">
            {t('kioskExit.done')}
          </div>
        ) : (
          <>
            <p className="muted">{t('kioskExit.intro')}</p>
            {error && (
              <div className="alert alert--error" role="alert">
                <SignInError error={error} forbidden={t('kioskExit.notAllowed')} />
              </div>
            )}
            <SignInFields {...fields} />
            <button type="submit" className="button button--primary button--block" disabled={busy}>
              {t('kioskExit.submit')}
            </button>
          </>
        )}
        <button type="button" className="button button--quiet button--block" onClick={onClose}>
          {t('kioskExit.close')}
        </button>
      </form>
    </div>
  );
});
