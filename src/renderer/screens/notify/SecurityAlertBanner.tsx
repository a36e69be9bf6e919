// A watchlist match at a kiosk of this station (`security.alert`), for security and admins at the desk and
// gate: a banner that does not block the screen, one line per alert, each dismissed on its own. The event
// reaches only roles that may hear it, so nobody else ever renders it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../shared/events';
import { useStation } from '../../api/StationProvider';
import { useFormatDateTime } from '../desk/shared';
import './notify.css';

type Alert = EventPayload<'security.alert'> & { at: string };

export function SecurityAlertBanner() {
  const { t } = useTranslation();
  const { client } = useStation();
  const formatDateTime = useFormatDateTime();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  useEffect(
    () =>
      client.onEvent('security.alert', (alert) =>
        setAlerts((shown) => [{ ...alert, at: new Date().toISOString() }, ...shown].slice(0, 5)),
      ),
    [client],
  );
  if (alerts.length === 0) return null;
  return (
    <section className="security-alerts" role="alert" aria-label={t('notify.alerts.label')}>
      {alerts.map((alert) => (
        <div key={`${alert.visitId}:${alert.at}`} className={`security-alert security-alert--${alert.level}`}>
          <span>
            <strong>{t(`notify.alerts.${alert.level}`)}</strong>{' '}
            {t('notify.alerts.text', { name: alert.visitorName, time: formatDateTime(alert.at) })}
          </span>
          <button
            type="button"
            className="button button--secondary"
            aria-label={t('notify.alerts.dismissWho', { name: alert.visitorName })}
            onClick={() => setAlerts((shown) => shown.filter((a) => a !== alert))}
          >
            {t('notify.alerts.dismiss')}
          </button>
        </div>
      ))}
    </section>
  );
}
