// The desk's notification bar: the bell (in-app notifications from the sync server, unread count, mark
// read) and, for reception, the hosts to call because no channel reaches them. Live: it reloads on the
// station's notification, visit and sync events, and every 10 s for what only the server knows (the
// server makes its messages a moment after the ops that cause them).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useAction, useFormatDateTime, useLive } from '../desk/shared';
import './notify.css';

const REFRESH_MS = 10_000;
const LIVE_EVENTS = ['notification.created', 'sync.changed', 'visit.changed'] as const;

/** Reloads `reload` every REFRESH_MS while mounted. */
function usePolling(reload: () => void) {
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
}

export function NotifyBar() {
  const { mayCall } = useStation();
  return (
    <div className="notify-bar">
      {mayCall('notify.hostFlags') && <HostFlags />}
      {mayCall('notify.inbox') && <Bell />}
    </div>
  );
}

function Bell() {
  const { t } = useTranslation();
  const { client } = useStation();
  const formatDateTime = useFormatDateTime();
  const load = useCallback(() => client.notify.inbox({}), [client]);
  const { data, error, reload, setData } = useLive(load, [...LIVE_EVENTS]);
  usePolling(reload);
  const [open, setOpen] = useState(false);
  const action = useAction();
  if (!data?.available) return null;
  const markRead = async (id: string) => {
    const after = await action.run(() => client.notify.markRead({ id }));
    if (after) setData(after);
  };
  return (
    <div className="notify-bell">
      <button
        type="button"
        className="button button--secondary notify-bell__button"
        aria-expanded={open}
        aria-controls="notify-inbox"
        aria-label={t('notify.bellLabel', { count: data.unread })}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🔔</span>
        {data.unread > 0 && (
          <span className="notify-bell__count" data-testid="notify-unread" aria-hidden="true">
            {data.unread}
          </span>
        )}
      </button>
      {open && (
        <section id="notify-inbox" className="notify-inbox" aria-label={t('notify.inbox')}>
          <ErrorAlert error={action.error ?? error} />
          {data.items.length === 0 ? (
            <p className="empty">{t('notify.empty')}</p>
          ) : (
            <ul className="notify-inbox__list">
              {data.items.map((item) => (
                <li key={item.id} className={item.readAt ? 'notify-item' : 'notify-item notify-item--unread'}>
                  <strong>{item.subject}</strong>
                  <span>{item.text}</span>
                  <span className="muted">{formatDateTime(item.createdAt)}</span>
                  {!item.readAt && (
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={action.busy}
                      aria-label={t('notify.markReadWhat', { subject: item.subject })}
                      onClick={() => void markRead(item.id)}
                    >
                      {t('notify.markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function HostFlags() {
  const { t } = useTranslation();
  const { client } = useStation();
  const load = useCallback(() => client.notify.hostFlags({}), [client]);
  const { data, reload } = useLive(load, [...LIVE_EVENTS]);
  usePolling(reload);
  if (!data?.flags.length) return null;
  return (
    <section className="notify-flags" role="status" aria-label={t('notify.flagsLabel')}>
      <strong className="notify-flags__badge">{t('notify.callHosts', { count: data.flags.length })}</strong>
      <ul>
        {data.flags.map((flag) => (
          <li key={flag.hostId}>
            {t('notify.callHost', { name: flag.hostName })}{' '}
            <span className="muted">{t(`notify.flagReason.${flag.reason}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
