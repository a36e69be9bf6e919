// Security gate: after a guard signs in, the screen waits for a pass to be scanned. Scanning, turnstiles
// and alerts come with the hardware issues; for now it shows who is on site today.
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorText';
import { StaffBar, StaffOnly } from '../../components/StaffOnly';
import { DeviceStatusBar } from '../devices/DeviceStatusBar';
import { useTodayVisits } from '../useTodayVisits';

export function Gate() {
  const { t } = useTranslation();
  return (
    <StaffOnly title={t('gate.title')}>
      <div className="staff">
        <StaffBar title={t('gate.title')} />
        <DeviceStatusBar devicesPath="/gate/devices" />
        <GateReady />
      </div>
    </StaffOnly>
  );
}

function GateReady() {
  const { t } = useTranslation();
  const { visits, error } = useTodayVisits();
  const onSite = visits?.filter((v) => v.status === 'checked_in').length;
  return (
    <main className="screen screen--centered gate">
      <div className="gate__ready">
        <div className="gate__scanner" aria-hidden="true">
          <span className="gate__beam" />
        </div>
        <h1>{t('gate.ready')}</h1>
        <p className="gate__hint">{t('gate.hint')}</p>
      </div>
      <ErrorAlert error={error} />
      <p className="gate__count" role="status">
        {onSite === undefined ? t('app.loading') : t('gate.onSite', { number: onSite })}
      </p>
    </main>
  );
}
