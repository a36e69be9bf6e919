// Finding a person for a request about their personal data (issue #15): by the start of a name, an e-mail
// or a phone number (privacy.findPerson), then choosing one of those found. Legal holds and the Personal
// data section share it; remount it (a new key) to start again after acting on the chosen person.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/api';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { useDates } from '../../../format';
import { useAction } from '../shared';
import { AdminTable } from './parts';

export type Person = OutputOf<'privacy.findPerson'>['people'][number];

export function PersonFinder({
  label,
  chosen,
  onChoose,
}: {
  /** The search form's accessible name ("Find a person to hold"). */
  label: string;
  chosen: Person | null;
  onChoose: (person: Person | null) => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const dates = useDates();
  const { busy, error, run } = useAction();
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    onChoose(null);
    const found = await run(() => client.privacy.findPerson({ query }));
    setPeople(found?.people ?? null);
  };

  return (
    <>
      <form className="desk-form" aria-label={label} onSubmit={(e) => void find(e)}>
        <label>
          {t('admin.finder.query')}
          <input value={query} minLength={2} required onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit" className="small-button" disabled={busy}>
          {t('admin.finder.search')}
        </button>
      </form>
      <ErrorAlert error={error} />
      {people && people.length === 0 && <p role="status">{t('admin.finder.nobody')}</p>}
      {people && people.length > 0 && (
        <AdminTable
          caption={t('admin.finder.found')}
          columns={[t('admin.finder.person'), t('admin.finder.contact'), t('admin.finder.visits')]}
        >
          {people.map((person) => (
            <tr key={person.visitorId}>
              <td>
                {person.name}
                {person.company ? ` (${person.company})` : ''}
              </td>
              <td>{[person.email, person.phone].filter(Boolean).join(', ') || '—'}</td>
              <td>
                {t('admin.finder.visitCount', { count: person.visits })}
                {person.lastVisitAt ? ` · ${dates.dateTime(person.lastVisitAt)}` : ''}
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="small-button"
                  aria-pressed={chosen?.visitorId === person.visitorId}
                  aria-label={t('admin.finder.chooseWho', { name: person.name })}
                  onClick={() => onChoose(person)}
                >
                  {t('admin.finder.choose')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
