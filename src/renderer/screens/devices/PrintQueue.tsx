// The desk's print queue: badges waiting, printing, printed, failed or cancelled, with why a badge is
// waiting and what reception can do about it (cancel, retry now, send to another printer).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../shared/devices';
import { useAction, useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useDates } from '../../format';
import { useDeviceStatus } from './DeviceStatusBar';
import './devices.css';

export function PrintQueue() {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const { devices } = useDeviceStatus();
  const printers = devices?.filter((d) => d.type === 'printer') ?? [];

  const allowed = mayCall('printJobs.list');
  const load = useCallback(() => client.printJobs.list().then((r) => r.jobs), [client]);
  const { data: jobs, error: loadError, reload } = useLive(load, ['printJob.changed'], { enabled: allowed });
  const action = useAction();

  if (!allowed) return null;

  const act = async (call: () => Promise<unknown>) => {
    await action.run(call);
    reload();
  };

  return (
    <section className="print-queue" aria-labelledby="print-queue-title">
      <h2 id="print-queue-title">{t('printQueue.title')}</h2>
      <ErrorAlert error={loadError} onRetry={reload} />
      <ErrorAlert error={action.error} />
      {jobs === null ? null : jobs.length === 0 ? (
        <p className="empty">{t('printQueue.empty')}</p>
      ) : (
        <table className="print-queue__table">
          <thead>
            <tr>
              <th scope="col">{t('printQueue.columns.visitor')}</th>
              <th scope="col">{t('printQueue.columns.printer')}</th>
              <th scope="col">{t('printQueue.columns.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('printQueue.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow
                key={job.id}
                job={job}
                printers={printers.filter((p) => p.id !== job.printerId)}
                onAct={act}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function JobRow({
  job,
  printers,
  onAct,
}: {
  job: PrintJob;
  printers: { id: string; name: string }[];
  onAct: (run: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const dates = useDates();
  const [target, setTarget] = useState('');
  const open = job.status === 'queued' || job.status === 'failed';
  const who = job.visitorName ?? '—';
  return (
    <tr data-job-id={job.id}>
      <td>{who}</td>
      <td>{job.printerName ?? job.printerId}</td>
      <td>
        <span className={`status status--${job.status}`}>{t(`printQueue.status.${job.status}`)}</span>
        {job.lastErrorCode && job.status !== 'done' && (
          <span className="print-queue__reason" title={job.lastError ?? undefined}>
            {t(`printQueue.reasons.${job.lastErrorCode}`)}
            {job.nextAttemptAt &&
              ` · ${t('printQueue.nextAttempt', {
                time: dates.time(job.nextAttemptAt),
              })}`}
          </span>
        )}
      </td>
      <td className="devices-actions">
        {open && (
          <button
            type="button"
            className="button button--secondary"
            aria-label={t('printQueue.cancelFor', { name: who })}
            onClick={() => void onAct(() => client.printJobs.cancel({ jobId: job.id }))}
          >
            {t('printQueue.cancel')}
          </button>
        )}
        {job.status !== 'done' && job.status !== 'printing' && (
          <button
            type="button"
            className="button button--secondary"
            aria-label={t('printQueue.retryFor', { name: who })}
            onClick={() => void onAct(() => client.printJobs.retry({ jobId: job.id }))}
          >
            {t('printQueue.retry')}
          </button>
        )}
        {job.status !== 'done' && job.status !== 'printing' && printers.length > 0 && (
          <>
            <select
              className="field__input"
              aria-label={t('printQueue.redirectTo', { name: who })}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">{t('printQueue.choosePrinter')}</option>
              {printers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--secondary"
              disabled={!target}
              onClick={() =>
                void onAct(() => client.printJobs.redirect({ jobId: job.id, printerId: target }))
              }
            >
              {t('printQueue.redirect')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
