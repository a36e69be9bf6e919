// Check-out: scan the badge QR, or — without it — give your full name and the e-mail or phone you gave at
// check-in (a name alone would let anyone check out everyone); confirm (shown as "Ana R." only), goodbye.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useStation } from '../../api/StationProvider';
import { toApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorText';
import { QrScanner } from '../../components/QrScanner';
import type { ApiError } from '../../../shared/errors';
import { KioskField } from './KioskField';

type Who =
  { passToken: string; displayName?: undefined } | { name: string; contact: string; displayName: string };

export function CheckOut() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [who, setWho] = useState<Who | null>(null);
  const [goodbye, setGoodbye] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const find = async () => {
    setError(null);
    setNotFound(false);
    try {
      const { people } = await client.kiosk.findForCheckOut({ name, contact });
      if (people[0]) setWho({ name, contact, displayName: people[0].displayName });
      else setNotFound(true);
    } catch (reason) {
      setError(toApiError(reason));
    }
  };

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
          'passToken' in who ? { passToken: who.passToken } : { name: who.name, contact: who.contact },
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
        <form
          className="kiosk-form"
          onSubmit={(e) => {
            e.preventDefault();
            void find();
          }}
        >
          <p>{t('kioskFlow.checkOut.noBadge')}</p>
          <KioskField label={t('kioskFlow.checkOut.name')} value={name} onChange={setName} />
          <KioskField
            label={t('kioskFlow.checkOut.contact')}
            keyboard="contact"
            value={contact}
            onChange={setContact}
          />
          <button
            type="submit"
            className="button button--primary button--large"
            disabled={name.trim().split(/\s+/).length < 2 || contact.trim().length < 6}
          >
            {t('kioskFlow.checkOut.find')}
          </button>
          {notFound ? (
            <p className="alert alert--info" role="status">
              {t('kioskFlow.checkOut.notFound')}
            </p>
          ) : null}
          <ErrorAlert error={error} />
        </form>
      </div>
      <Link to="/kiosk" className="button button--secondary button--large">
        <span aria-hidden="true">←</span> {t('kiosk.back')}
      </Link>
    </main>
  );
}
