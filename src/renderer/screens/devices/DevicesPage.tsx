// The devices page of the desk and gate: every device's health with a test button (DeviceHealthTable),
// and, for administrators, detecting what is plugged in and adding or removing devices (DeviceSetup).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { StaffBar, StaffOnly } from '../../components/StaffOnly';
import { DeviceHealthTable } from './DeviceHealthTable';
import { DeviceSetup } from './DeviceSetup';
import './devices.css';

export function DevicesPage({ backTo }: { backTo: string }) {
  const { t } = useTranslation();
  return (
    <StaffOnly title={t('devices.title')}>
      <div className="staff">
        <StaffBar title={t('devices.title')} />
        <main className="screen staff-main devices-page">
          <div className="staff-main__heading">
            <h1>{t('devices.title')}</h1>
            <Link className="button button--quiet" to={backTo}>
              {t('devices.back')}
            </Link>
          </div>
          <DeviceHealthTable />
          <DeviceSetup />
        </main>
      </div>
    </StaffOnly>
  );
}
