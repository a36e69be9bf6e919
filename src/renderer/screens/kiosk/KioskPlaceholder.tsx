// Where each visitor journey will live (issue 3). Until then: say plainly that reception can help, and
// offer the way back.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export type KioskStep = 'checkIn' | 'invite' | 'checkOut';

export function KioskPlaceholder({ step }: { step: KioskStep }) {
  const { t } = useTranslation();
  return (
    <main className="kiosk__main kiosk-step">
      <h1 className="kiosk-step__title">{t(`kiosk.actions.${step}.title`)}</h1>
      <p className="kiosk-step__body">{t('kiosk.placeholder.body')}</p>
      <Link to=".." relative="path" className="button button--secondary button--large">
        <span aria-hidden="true">←</span> {t('kiosk.back')}
      </Link>
    </main>
  );
}
