// Check-out: scan the badge QR, or find yourself by name (shown as "Ana R." only), confirm, goodbye.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useStation } from '../../api/StationProvider';
import { toApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorText';
import { QrScanner } from '../../components/QrScanner';
import type { ApiError } from '../../../shared/errors';
import { KioskField } from './KioskField';

type Who = { passToken: string; displayName?: undefined } | { visitId: string; displayName: string };

export function CheckOut() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState('');
  const [people, setPeople] = useState<Array<{ visitId: string; displayName: string }>>([]);
  const [who, setWho] = useState<Who | null>(null);
  const [goodbye, setGoodbye] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (name.trim().length < 3) {
      setPeople([]);
      return;
    }
    const timer = setTimeout(() => {
      client.kiosk.findForCheckOut({ name }).then(
        (r) => setPeople(r.people),
        () => setPeople([]),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [client, name]);

  if (goodbye !== null) {
    return (
      <main className="kiosk__main kiosk-flow">
        <h1 className="kiosk-step__title">{t('kioskFlow.checkOut.goodbye', { name: goodbye })}</h1>
        <p className="kiosk-step__body">{t('kioskFlow.checkOut.badge')}</p>
        <Link to="/kiosk" className="button button--primary button--large">
          {t('kioskFlow.finish')}
        </Link>
      </main>
    );
  }

  if (who) {
    const confirm = async () => {
      setError(null);
      try {
        const r = await client.kiosk.checkOut(
          'passToken' in who ? { passToken: who.passToken } : { visitId: who.visitId },
        );
        setGoodbye(r.firstName);
      } catch (reason) {
        setError(toApiError(reason));
      }
    };
    return (
      <main className="kiosk__main kiosk-flow">
        <h1 className="kiosk-step__title">
          {who.displayName
            ? t('kioskFlow.checkOut.confirmName', { name: who.displayName })
            : t('kioskFlow.checkOut.confirm')}
        </h1>
        <ErrorAlert error={error} />
        <div className="kiosk-flow__actions">
          <button
            type="button"
            className="button button--secondary button--large"
            onClick={() => setWho(null)}
          >
            <span aria-hidden="true">←</span> {t('kiosk.back')}
          </button>
          <button
            type="button"
            className="button button--primary button--large"
            onClick={() => void confirm()}
          >
            {t('kioskFlow.checkOut.yes')}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="kiosk__main kiosk-flow">
      <h1 className="kiosk-step__title">{t('kioskFlow.checkOut.title')}</h1>
      <p className="kiosk-step__body">{t('kioskFlow.checkOut.body')}</p>
      <div className="kiosk-invite">
        <QrScanner onCode={(code) => setWho({ passToken: code })} />
        <div className="kiosk-form">
          <KioskField label={t('kioskFlow.checkOut.name')} value={name} onChange={setName} />
          <div
            className="kiosk-choices"
            role="group"
            aria-label={t('kioskFlow.checkOut.results')}
            aria-live="polite"
          >
            {people.map((p) => (
              <button key={p.visitId} type="button" className="kiosk-choice" onClick={() => setWho(p)}>
                {p.displayName}
              </button>
            ))}
          </div>
        </div>
      </div>
      <Link to="/kiosk" className="button button--secondary button--large">
        <span aria-hidden="true">←</span> {t('kiosk.back')}
      </Link>
    </main>
  );
}
