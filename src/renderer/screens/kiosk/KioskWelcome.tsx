// The first thing a visitor sees: a welcome and three big choices.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useStation } from '../../api/StationProvider';

export function KioskWelcome() {
  const { t } = useTranslation();
  const { status } = useStation();
  return (
    <main className="kiosk__main kiosk-welcome">
      <h1 className="kiosk-welcome__title">{t('kiosk.welcome.title', { site: status.site?.name ?? '' })}</h1>
      <p className="kiosk-welcome__lead">{t('kiosk.welcome.lead')}</p>
      <nav className="kiosk-welcome__actions" aria-label={t('kiosk.welcome.actionsLabel')}>
        <Link to="check-in" className="kiosk-action kiosk-action--primary">
          <span className="kiosk-action__icon" aria-hidden="true">
            →
          </span>
          <span className="kiosk-action__title">{t('kiosk.actions.checkIn.title')}</span>
          <span className="kiosk-action__hint">{t('kiosk.actions.checkIn.hint')}</span>
        </Link>
        <Link to="invite" className="kiosk-action">
          <span className="kiosk-action__icon" aria-hidden="true">
            ✉
          </span>
          <span className="kiosk-action__title">{t('kiosk.actions.invite.title')}</span>
          <span className="kiosk-action__hint">{t('kiosk.actions.invite.hint')}</span>
        </Link>
        <Link to="check-out" className="kiosk-action">
          <span className="kiosk-action__icon" aria-hidden="true">
            ←
          </span>
          <span className="kiosk-action__title">{t('kiosk.actions.checkOut.title')}</span>
          <span className="kiosk-action__hint">{t('kiosk.actions.checkOut.hint')}</span>
        </Link>
      </nav>
      <p className="kiosk-welcome__help">{t('kiosk.welcome.help')}</p>
    </main>
  );
}
