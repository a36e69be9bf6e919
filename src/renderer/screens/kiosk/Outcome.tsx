// How a check-in ends, on screen: checked in (pass QR, host told, where the badge is, the pass by e-mail),
// waiting for the host's approval (live), or "please see reception" — which never says why.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAction, useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { QrCode } from '../../components/QrCode';
import type { KioskAnswer as KioskOutcome } from '../../../shared/api/kiosk';
import { KioskField } from './KioskField';
import { useHoldIdle, useKioskReset, useKioskSettings, useVisitorLanguage } from './kioskContext';

export function OutcomeView({ outcome, email }: { outcome: KioskOutcome; email?: string }) {
  const [current, setCurrent] = useState(outcome);
  useEffect(() => setCurrent(outcome), [outcome]);
  if (current.outcome === 'checked_in') return <CheckedIn outcome={current} email={email ?? ''} />;
  if (current.outcome === 'waiting_for_approval') return <Waiting outcome={current} onDone={setCurrent} />;
  return <SeeReception />;
}

const TOUCHES = ['pointerdown', 'keydown', 'input'] as const;
// A plural key: i18next picks kioskFlow.done.countdown_one or _other from the count.
const COUNTDOWN = 'kioskFlow.done.countdown';

/**
 * Seconds left before `onEnd`, counted again from `seconds` at every touch: one timer decides (a slow
 * screen never stretches the wait), the other only counts down on screen.
 */
function useCountdown(seconds: number, onEnd: () => void): number {
  const [touched, setTouched] = useState(0);
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const touch = () => setTouched((n) => n + 1);
    TOUCHES.forEach((k) => window.addEventListener(k, touch, { capture: true }));
    return () => TOUCHES.forEach((k) => window.removeEventListener(k, touch, { capture: true }));
  }, []);
  useEffect(() => {
    setLeft(seconds);
    const tick = setInterval(() => setLeft((n) => Math.max(1, n - 1)), 1000);
    const end = setTimeout(onEnd, seconds * 1000);
    return () => {
      clearInterval(tick);
      clearTimeout(end);
    };
  }, [touched, seconds, onEnd]);
  return left;
}

function CheckedIn({
  outcome,
  email,
}: {
  outcome: Extract<KioskOutcome, { outcome: 'checked_in' }>;
  email: string;
}) {
  const { t } = useTranslation();
  const reset = useKioskReset();
  // The pass QR is on screen: it goes soon after the last touch, so the next person cannot photograph it.
  const left = useCountdown(useKioskSettings().kioskDoneSeconds, reset);
  return (
    <main className="kiosk__main kiosk-flow kiosk-done">
      <h1 className="kiosk-step__title">{t('kioskFlow.done.title', { name: outcome.firstName })}</h1>
      <div className="kiosk-done__grid">
        <div>
          {outcome.hostName && outcome.hostNotified ? (
            <p className="kiosk-step__body" role="status">
              {t('kioskFlow.done.hostTold', { host: outcome.hostName })}
            </p>
          ) : null}
          <p className="kiosk-step__body">
            {outcome.badgeQueued ? t('kioskFlow.done.badgePrinting') : t('kioskFlow.done.badgeAtReception')}
          </p>
          <p>{t('kioskFlow.done.qrHint')}</p>
          <EmailMyPass passToken={outcome.passToken} given={email} />
          <p className="kiosk-done__countdown" role="timer">
            {t(COUNTDOWN, { count: left })}
          </p>
          <Link
            to="/kiosk"
            className="button button--primary button--large"
            onClick={(e) => {
              e.preventDefault();
              reset();
            }}
          >
            {t('kioskFlow.finish')}
          </Link>
        </div>
        <QrCode text={outcome.passToken} label={t('kioskFlow.done.qrLabel')} />
      </div>
    </main>
  );
}

/**
 * The pass by e-mail, to the address the visitor gave (they may change it). The station queues the request
 * at once (an outbox op its sync server acts on), so the visitor never waits for the network, and says
 * when it will leave: now, once the station is back online, or never (no sync server: no form at all).
 */
function EmailMyPass({ passToken, given }: { passToken: string; given: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const language = useVisitorLanguage();
  const [email, setEmail] = useState(given);
  const [sent, setSent] = useState<{ to: string; delivery: 'now' | 'when_online' } | null>(null);
  const { busy, error, run } = useAction();
  const load = useCallback(() => client.kiosk.emailPassDelivery(), [client]);
  const delivery = useLive(load, []).data?.delivery;
  if (sent) {
    return (
      <p className="alert alert--info" role="status">
        {sent.delivery === 'now'
          ? t('kioskFlow.done.emailSent', { email: sent.to })
          : t('kioskFlow.done.emailQueued', { email: sent.to })}
      </p>
    );
  }
  if (!delivery) return null;
  if (delivery === 'unavailable') return <p className="muted">{t('kioskFlow.done.emailUnavailable')}</p>;
  const send = async () => {
    const to = email.trim();
    const done = await run(() => client.kiosk.emailPass({ passToken, email: to, language }));
    if (done) setSent({ to, delivery: done.delivery });
  };
  return (
    <form
      className="kiosk-form"
      aria-label={t('kioskFlow.done.emailTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <p className="kiosk-step__body">{t('kioskFlow.done.emailTitle')}</p>
      {delivery === 'when_online' && <p className="muted">{t('kioskFlow.done.emailOffline')}</p>}
      <KioskField label={t('kioskFlow.done.emailLabel')} keyboard="email" value={email} onChange={setEmail} />
      <ErrorAlert error={error} />
      <button
        type="submit"
        className="button button--secondary button--large"
        disabled={busy || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())}
      >
        {t('kioskFlow.done.emailSend')}
      </button>
    </form>
  );
}

function Waiting({
  outcome,
  onDone,
}: {
  outcome: Extract<KioskOutcome, { outcome: 'waiting_for_approval' }>;
  onDone(next: KioskOutcome): void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const language = useVisitorLanguage();
  // Waiting for the host is not idling: the approval timeout decides when reception takes over.
  useHoldIdle();

  // The decision arrives as an event; a slow poll covers a dropped connection and the timeout. A failed
  // read is not shown: the next one comes in five seconds.
  // The event does not say which visit (nobody else may learn that): any decision re-reads this one's.
  const { visitId, waitToken } = outcome;
  const loadStatus = useCallback(
    () => client.kiosk.visitStatus({ visitId, waitToken }),
    [client, visitId, waitToken],
  );
  const { data: status } = useLive(loadStatus, ['kiosk.visitUpdate'], { pollMs: 5000 });
  const secondsLeft = status?.secondsLeft ?? outcome.timeoutSeconds;
  const finish = useAction();
  const { run } = finish;
  const finishApproved = useCallback(
    () =>
      void run(() => client.kiosk.finishApproved({ visitId, waitToken, language })).then(
        (done) => done && onDone(done),
      ),
    [run, client, visitId, waitToken, language, onDone],
  );
  // Every status read while approved tries to finish (so a failed finish is retried by the next poll),
  // never two at once; it runs on each new status only, not when a finish ends.
  const { busy } = finish;
  useEffect(() => {
    if (status?.state === 'approved' && !busy) finishApproved();
    else if (status?.state === 'see_reception') onDone({ outcome: 'see_reception' });
  }, [status]);

  return (
    <main className="kiosk__main kiosk-flow">
      <h1 className="kiosk-step__title">
        {outcome.hostName
          ? t('kioskFlow.waiting.title', { host: outcome.hostName })
          : t('kioskFlow.waiting.titleNoHost')}
      </h1>
      <p className="kiosk-step__body" role="status" aria-live="polite">
        {t('kioskFlow.waiting.body')}
      </p>
      <p className="kiosk-waiting__spinner" aria-hidden="true" />
      <p>{t('kioskFlow.waiting.left', { minutes: Math.max(1, Math.ceil(secondsLeft / 60)) })}</p>
      <ErrorAlert error={finish.error} onRetry={finishApproved} />
    </main>
  );
}

export function SeeReception({ title, body }: { title?: string; body?: string }) {
  const { t } = useTranslation();
  return (
    <main className="kiosk__main kiosk-flow">
      <h1 className="kiosk-step__title">{title ?? t('kioskFlow.reception.title')}</h1>
      <p className="kiosk-step__body">{body ?? t('kioskFlow.reception.body')}</p>
      <Link to="/kiosk" className="button button--primary button--large">
        {t('kioskFlow.finish')}
      </Link>
    </main>
  );
}
