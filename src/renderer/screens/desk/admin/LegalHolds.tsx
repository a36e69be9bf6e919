// Legal holds (issue #15): an admin finds a person, holds them with a reason, and releases a hold. What a
// hold covers is never anonymised by retention nor erased; the station refuses everyone but an admin.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { useDates } from '../../../format';
import { useAction, useLive } from '../shared';
import { AdminTable } from './parts';
import { PersonFinder, type Person } from './PersonFinder';

export function LegalHolds({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const dates = useDates();
  const load = useCallback(() => client.privacy.holds({}), [client]);
  const { data, error, reload } = useLive(load, ['legalHold.changed']);
  const { busy, error: actionError, run } = useAction();
  const [chosen, setChosen] = useState<Person | null>(null);
  // A new finder (its search emptied) once the chosen person is held.
  const [finderKey, setFinderKey] = useState(0);

  const placed = () => {
    setChosen(null);
    setFinderKey((n) => n + 1);
    reload();
    onChanged();
  };
  const release = async (holdId: string) => {
    if (await run(() => client.privacy.releaseHold({ holdId }))) onChanged();
    reload();
  };

  return (
    <section aria-label={t('admin.holds.title')}>
      <h2>{t('admin.holds.title')}</h2>
      <p className="desk-hint">{t('admin.holds.help')}</p>
      <ErrorAlert error={actionError ?? error} />
      <PersonFinder key={finderKey} label={t('admin.holds.find')} chosen={chosen} onChoose={setChosen} />
      {chosen && (
        <HoldForm
          key={chosen.visitorId}
          label={t('admin.holds.placeOn', { name: chosen.name })}
          hold={{ visitorId: chosen.visitorId }}
          onPlaced={placed}
        />
      )}
      {data && data.holds.length === 0 && <p>{t('admin.holds.none')}</p>}
      {data && data.holds.length > 0 && (
        <AdminTable
          caption={t('admin.holds.inForce')}
          showCaption
          columns={[
            t('admin.holds.holds'),
            t('admin.holds.reason'),
            t('admin.holds.placedBy'),
            t('admin.holds.placedAt'),
          ]}
        >
          {data.holds.map((hold) => {
            const who = hold.name || t('admin.holds.unknown');
            return (
              <tr key={hold.id}>
                <td>
                  {hold.visitId
                    ? t('admin.holds.visitOf', { name: who, time: dates.dateTime(hold.visitAt) })
                    : who}
                </td>
                <td>{hold.reason}</td>
                <td>{hold.placedByName ?? '—'}</td>
                <td>{dates.dateTime(hold.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="small-button"
                    disabled={busy}
                    aria-label={t('admin.holds.releaseWho', { name: who })}
                    onClick={() => void release(hold.id)}
                  >
                    {t('admin.holds.release')}
                  </button>
                </td>
              </tr>
            );
          })}
        </AdminTable>
      )}
    </section>
  );
}

/** A reason and "Place legal hold", for a visitor (Legal holds) or one visit (a visit's details). */
export function HoldForm({
  label,
  hold,
  submitLabel,
  onPlaced,
}: {
  label: string;
  hold: { visitorId: string } | { visitId: string };
  submitLabel?: string;
  onPlaced: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [reason, setReason] = useState('');
  const place = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => client.privacy.placeHold({ ...hold, reason }))) onPlaced();
  };
  return (
    <form className="desk-form" aria-label={label} onSubmit={(e) => void place(e)}>
      <label>
        {t('admin.holds.reason')}
        <input
          value={reason}
          required
          minLength={3}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <p className="desk-hint">{t('admin.holds.reasonHelp')}</p>
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {submitLabel ?? t('admin.holds.place')}
      </button>
      <div className="wide">
        <ErrorAlert error={error} fieldLabels={{ reason: t('admin.holds.reason') }} />
      </div>
    </form>
  );
}
