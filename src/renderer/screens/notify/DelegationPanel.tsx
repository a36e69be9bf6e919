// A signed-in host sends their approvals to a colleague for a period (away, in a meeting): the sync
// server then asks the colleague instead. Times are typed in the desk's local time.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { HostPicker, useAction, useFormatDateTime } from '../desk/shared';

type Host = OutputOf<'hosts.search'>['hosts'][number];

/** A Date as the value of a datetime-local input (local time, minutes). */
const localInput = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function DelegationPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const formatDateTime = useFormatDateTime();
  const [colleague, setColleague] = useState<Host | null>(null);
  const [from, setFrom] = useState(() => localInput(new Date()));
  const [until, setUntil] = useState(() => localInput(new Date(Date.now() + 24 * 60 * 60_000)));
  const [done, setDone] = useState<OutputOf<'notify.delegate'> | null>(null);
  const action = useAction();

  const submit = async () => {
    if (!colleague) return;
    setDone(null);
    const created = await action.run(() =>
      client.notify.delegate({
        delegateHostId: colleague.id,
        from: new Date(from).toISOString(),
        until: new Date(until).toISOString(),
      }),
    );
    if (created) setDone(created);
  };

  return (
    <section className="desk-panel" aria-labelledby="delegate-title">
      <h1 id="delegate-title">{t('notify.delegate.title')}</h1>
      <p className="muted">{t('notify.delegate.intro')}</p>
      <form
        className="notify-delegate"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <HostPicker label={t('notify.delegate.colleague')} value={colleague} onChange={setColleague} />
        <label>
          {t('notify.delegate.from')}
          <input type="datetime-local" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('notify.delegate.until')}
          <input type="datetime-local" required value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <ErrorAlert
          error={action.error}
          fieldLabels={{ until: t('notify.delegate.until'), delegateHostId: t('notify.delegate.colleague') }}
        />
        <button type="submit" className="button button--primary" disabled={action.busy || !colleague}>
          {t('notify.delegate.submit')}
        </button>
      </form>
      {done && (
        <p role="status" className="notify-delegate__done">
          {t('notify.delegate.done', {
            name: done.delegateName,
            from: formatDateTime(done.fromAt),
            until: formatDateTime(done.untilAt),
          })}
        </p>
      )}
    </section>
  );
}
