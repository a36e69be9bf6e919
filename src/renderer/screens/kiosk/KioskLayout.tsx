// The frame of every kiosk screen: the site's name and the language switch, always within reach.
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { useStation } from '../../api/StationProvider';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export function KioskLayout() {
  const { t } = useTranslation();
  const { status } = useStation();
  return (
    <div className="kiosk">
      <header className="kiosk__header">
        <span className="kiosk__brand" aria-label={t('app.name')}>
          <span className="kiosk__mark" aria-hidden="true">
            G
          </span>
          {status.site?.name}
        </span>
        <LanguageSwitch />
      </header>
      <Outlet />
    </div>
  );
}
