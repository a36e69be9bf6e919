// Visits awaiting a host's approval: reception approves or denies on the host's behalf, with a reason,
// seeing beside each what it needs to decide (VisitDetails: photo, company, contact, documents, ID).
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { DeskTable, useAction, useFormatDateTime, useLive } from './shared';
import { VisitDetails } from './VisitDetails';

export function ApprovalsPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormatDateTime();
  const load = useCallback(() => client.desk.pending(), [client]);
  const { data, error, reload } = useLive(load, ['visit.changed']);
  const { busy, error: actionError, run } = useAction();
  const [deciding, setDeciding] = useState<{ visitId: string; decision: 'approve' | 'deny' } | null>(null);
  const [reason, setReason] = useState('');
  const [noReason, setNoReason] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!deciding) return;
    // A denial needs its reason: say so here rather than send it and get a bare "not valid" back.
    if (deciding.decision === 'deny' && !reason.trim()) return void setNoReason(true);
    setNoReason(false);
    const done = await run(() =>
      client.visits.decide({ ...deciding, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    );
    if (done) {
      setDeciding(null);
      setReason('');
      reload();
    }
  };

  return (
    <section className="desk-panel" aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t('approvals.title')}</h1>
      <ErrorAlert error={actionError ?? error} fieldLabels={{ reason: t('approvals.reason') }} />
      <DeskTable
        caption={t('approvals.title')}
        columns={['search.columns.when', 'search.columns.visitor', 'search.columns.host']}
        actions
        rows={data?.visits}
        empty={t('approvals.none')}
      >
        {(v) => (
          <tr key={v.id}>
            <td className="num">{format(v.expectedAt)}</td>
            <td>
              {v.visitor.name}
              <VisitDetails visitId={v.id} compact />
            </td>
            <td>{v.host?.name ?? '—'}</td>
            <td className="actions">
              {deciding?.visitId === v.id ? (
                <form
                  onSubmit={submit}
                  aria-label={t(`approvals.${deciding.decision}Who`, { name: v.visitor.name })}
                >
                  <input
                    aria-label={t('approvals.reason')}
                    placeholder={
                      deciding.decision === 'deny'
                        ? t('approvals.reasonNeeded')
                        : t('approvals.reasonOptional')
                    }
                    value={reason}
                    aria-invalid={noReason}
                    aria-describedby={noReason ? 'deny-reason-needed' : undefined}
                    autoFocus
                    onChange={(e) => setReason(e.target.value)}
                  />
                  <button type="submit" className="small-button small-button--primary" disabled={busy}>
                    {t(`approvals.confirm.${deciding.decision}`)}
                  </button>
                  <button type="button" className="small-button" onClick={() => setDeciding(null)}>
                    {t('deskCommon.cancel')}
                  </button>
                  {noReason && (
                    <span id="deny-reason-needed" className="alert alert--error" role="alert">
                      {t('approvals.giveReason')}
                    </span>
                  )}
                </form>
              ) : (
                <>
                  <button
                    type="button"
                    className="small-button small-button--primary"
                    aria-label={t('approvals.approveWho', { name: v.visitor.name })}
                    onClick={() => setDeciding({ visitId: v.id, decision: 'approve' })}
                  >
                    {t('approvals.approve')}
                  </button>
                  <button
                    type="button"
                    className="small-button small-button--danger"
                    aria-label={t('approvals.denyWho', { name: v.visitor.name })}
                    onClick={() => setDeciding({ visitId: v.id, decision: 'deny' })}
                  >
                    {t('approvals.deny')}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      </DeskTable>
    </section>
  );
}
