// Reception and security at the desk: a tabbed workspace — today's visits, people on site, approvals,
// search, pre-registration, the evacuation roll call, incidents, the watchlist and reports — each tab offered
// only to roles that may use it.
// Keyboard: Alt+1…9 jumps to a tab; arrow keys move along the tab row.
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodName } from '../../../shared/api';
import type { VisitSummary } from '../../../shared/api/visits';
import { withConfirmedRules } from './confirmRules';
import type { ApiError } from '../../../shared/errors';
import { toApiError } from '../../api/errors';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { StaffBar, StaffOnly } from '../../components/StaffOnly';
import { localName, useDates } from '../../format';
import { SyncIndicator } from '../../components/SyncIndicator';
import { DeviceStatusBar } from '../devices/DeviceStatusBar';
import { PrintQueue } from '../devices/PrintQueue';
import { useTodayVisits } from '../useTodayVisits';
import { ApprovalsPanel } from './ApprovalsPanel';
import { EvacuationPanel } from './EvacuationPanel';
import { OnSitePanel } from './OnSitePanel';
import { PreRegisterPanel } from './PreRegisterPanel';
import { ReportsPanel } from './ReportsPanel';
import { IncidentsPanel } from './IncidentsPanel';
import { SearchPanel } from './SearchPanel';
import { WatchlistPanel } from './WatchlistPanel';
import { AdminPanel } from './admin/AdminPanel';
import { DelegationPanel } from '../notify/DelegationPanel';
import { NotifyBar } from '../notify/NotifyBar';
import { SecurityAlertBanner } from '../notify/SecurityAlertBanner';
import './desk.css';

export function Desk() {
  const { t } = useTranslation();
  return (
    <StaffOnly title={t('desk.title')}>
      <div className="staff">
        <StaffBar title={t('desk.title')} />
        <DeviceStatusBar devicesPath="/desk/devices" />
        <SyncIndicator />
        <NotifyBar />
        <SecurityAlertBanner />
        <DeskTabs />
      </div>
    </StaffOnly>
  );
}

type TabId =
  | 'today'
  | 'onSite'
  | 'approvals'
  | 'search'
  | 'preRegister'
  | 'evacuation'
  | 'incidents'
  | 'watchlist'
  | 'admin'
  | 'delegate'
  | 'reports';

/** Each tab and the method its panel needs: a role that may not call it does not see the tab. */
const TABS: ReadonlyArray<{ id: TabId; needs: MethodName; panel: () => ReactNode }> = [
  { id: 'today', needs: 'visits.today', panel: () => <DeskToday /> },
  { id: 'onSite', needs: 'desk.onSite', panel: () => <OnSitePanel /> },
  { id: 'approvals', needs: 'desk.pending', panel: () => <ApprovalsPanel /> },
  { id: 'search', needs: 'visits.search', panel: () => <SearchPanel /> },
  { id: 'preRegister', needs: 'visits.preRegister', panel: () => <PreRegisterPanel /> },
  { id: 'evacuation', needs: 'evacuation.start', panel: () => <EvacuationPanel /> },
  { id: 'incidents', needs: 'incidents.list', panel: () => <IncidentsPanel /> },
  { id: 'watchlist', needs: 'watchlist.list', panel: () => <WatchlistPanel /> },
  { id: 'admin', needs: 'staff.list', panel: () => <AdminPanel /> },
  { id: 'delegate', needs: 'notify.delegate', panel: () => <DelegationPanel /> },
  { id: 'reports', needs: 'reports.exceptions', panel: () => <ReportsPanel /> },
];

function DeskTabs() {
  const { t } = useTranslation();
  const { mayCall } = useStation();
  const tabs = TABS.filter((tab) => mayCall(tab.needs));
  const [current, setCurrent] = useState<TabId>('today');
  const active = tabs.find((tab) => tab.id === current) ?? tabs[0];

  const select = (id: TabId) => {
    setCurrent(id);
    document.getElementById(`desk-tab-${id}`)?.focus();
  };
  // Alt+number from anywhere on the screen.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const index = Number(e.key) - 1;
      if (e.altKey && !e.ctrlKey && !e.metaKey && tabs[index]) {
        e.preventDefault();
        select(tabs[index].id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const onTabKey = (e: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.id === active?.id);
    const next =
      e.key === 'ArrowRight'
        ? at + 1
        : e.key === 'ArrowLeft'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length]!.id);
  };

  return (
    <>
      <div className="desk-tabs" role="tablist" aria-label={t('deskTabs.label')} onKeyDown={onTabKey}>
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            id={`desk-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === active?.id}
            aria-controls="desk-tabpanel"
            aria-keyshortcuts={`Alt+${i + 1}`}
            tabIndex={tab.id === active?.id ? 0 : -1}
            className="desk-tabs__tab"
            onClick={() => setCurrent(tab.id)}
          >
            {t(`deskTabs.${tab.id}`)}
            <span className="desk-tabs__key" aria-hidden="true">
              {i + 1}
            </span>
          </button>
        ))}
      </div>
      <div id="desk-tabpanel" role="tabpanel" aria-labelledby={active ? `desk-tab-${active.id}` : undefined}>
        {active?.panel()}
      </div>
    </>
  );
}

function DeskToday() {
  const { t } = useTranslation();
  const { visits, error: loadError, replace, refresh } = useTodayVisits();
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const onSite = visits?.filter((v) => v.status === 'checked_in').length ?? 0;
  const expected = visits?.filter((v) => v.status === 'expected' || v.status === 'approved').length ?? 0;
  const left = visits?.filter((v) => v.status === 'checked_out').length ?? 0;

  return (
    <main className="screen staff-main">
      <div className="staff-main__heading">
        <h1>{t('desk.today')}</h1>
        <dl className="counters">
          <Counter label={t('desk.counters.expected')} value={expected} />
          <Counter label={t('desk.counters.onSite')} value={onSite} />
          <Counter label={t('desk.counters.left')} value={left} />
        </dl>
      </div>
      <ErrorAlert error={actionError ?? loadError} />
      {visits === null ? (
        !loadError && (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        )
      ) : visits.length === 0 ? (
        <p className="empty">{t('desk.empty')}</p>
      ) : (
        <table className="visits">
          <caption className="visually-hidden">{t('desk.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.columns.expected')}</th>
              <th scope="col">{t('desk.columns.visitor')}</th>
              <th scope="col">{t('desk.columns.host')}</th>
              <th scope="col">{t('desk.columns.type')}</th>
              <th scope="col">{t('desk.columns.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('desk.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visits.map((visit) => (
              <VisitRow
                key={visit.id}
                visit={visit}
                onDone={replace}
                onError={(error) => {
                  setActionError(error);
                  // A refused change may mean the list is out of date: show what the station knows now.
                  if (error) refresh();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      <PrintQueue />
    </main>
  );
}

function Counter({ label, value }: { label: string; value: number }) {
  return (
    <div className="counter">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

interface VisitRowProps {
  visit: VisitSummary;
  onDone: (visit: VisitSummary) => void;
  onError: (error: ApiError | null) => void;
}

function VisitRow({ visit, onDone, onError }: VisitRowProps) {
  const { t, i18n } = useTranslation();
  const { client, mayCall } = useStation();
  const [busy, setBusy] = useState(false);
  const language = i18n.resolvedLanguage ?? 'en';
  const dates = useDates();

  // Set when the site is full: the desk may then approve the check-in over capacity.
  const [full, setFull] = useState(false);
  const act = async (action: 'checkIn' | 'checkOut', overCapacity = false) => {
    setBusy(true);
    onError(null);
    try {
      // Reception and admins check in through visits.admit, which applies the site capacity.
      const done =
        action === 'checkIn' && mayCall('visits.admit')
          ? await withConfirmedRules(t, (confirmed) =>
              client.visits.admit({ visitId: visit.id, overCapacity, confirmed }),
            )
          : await client.visits[action]({ visitId: visit.id });
      setFull(false);
      // Shown at once; the visit.changed event that follows refreshes the whole list.
      onDone(done);
    } catch (reason) {
      const error = toApiError(reason);
      setFull(Boolean(error.fields?.capacity));
      onError(error);
    } finally {
      setBusy(false);
    }
  };

  // Offer only what this staff member may do; the station checks again either way.
  const canCheckIn =
    (visit.status === 'expected' || visit.status === 'approved') && mayCall('visits.checkIn');
  const canCheckOut = visit.status === 'checked_in' && mayCall('visits.checkOut');
  const who = visit.visitor.name;

  return (
    <tr data-visit-id={visit.id}>
      <td className="visits__time">{dates.time(visit.expectedAt)}</td>
      <td>
        <span className="visits__name">{who}</span>
        {visit.visitor.company && <span className="visits__company">{visit.visitor.company}</span>}
      </td>
      <td>{visit.host?.name ?? '—'}</td>
      <td>
        {visit.visitorType && (
          <span className="type-tag">
            <span
              className="type-tag__dot"
              style={{ background: visit.visitorType.color }}
              aria-hidden="true"
            />
            {localName(visit.visitorType.names, language)}
          </span>
        )}
      </td>
      <td>
        <span className={`status status--${visit.status}`}>{t(`visitStatus.${visit.status}`)}</span>
        {(visit.checkedOutAt ?? visit.checkedInAt) && (
          <span className="visits__since">{dates.time(visit.checkedOutAt ?? visit.checkedInAt)}</span>
        )}
      </td>
      <td className="visits__actions">
        {canCheckIn && full && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void act('checkIn', true)}
            aria-label={t('capacity.overWho', { name: who })}
          >
            {t('capacity.over')}
          </button>
        )}
        {canCheckIn && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void act('checkIn')}
            aria-label={t('desk.checkInWho', { name: who })}
          >
            {t('desk.checkIn')}
          </button>
        )}
        {canCheckOut && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void act('checkOut')}
            aria-label={t('desk.checkOutWho', { name: who })}
          >
            {t('desk.checkOut')}
          </button>
        )}
      </td>
    </tr>
  );
}
