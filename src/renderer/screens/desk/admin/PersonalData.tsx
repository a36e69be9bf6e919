// A person's rights at the desk (issue #15): an admin finds a person, then exports everything this station
// holds about them (JSON, or a PDF in the desk's language) or erases them everywhere after confirming by
// typing their name. A refusal (an open incident, a legal hold) is the station's own sentence; nothing
// changes. The station refuses all of it to everyone but an admin.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../shared/domain';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { downloadBase64, downloadJson, useAction } from '../shared';
import { PersonFinder, type Person } from './PersonFinder';

interface Erased {
  name: string;
  visits: number;
  visitors: number;
}

export function PersonalData() {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Person | null>(null);
  const [erased, setErased] = useState<Erased | null>(null);
  // A new finder (its search emptied) once the chosen person is erased.
  const [finderKey, setFinderKey] = useState(0);
  const choose = (person: Person | null) => {
    setChosen(person);
    if (person) setErased(null);
  };
  return (
    <section aria-label={t('admin.people.title')}>
      <h2>{t('admin.people.title')}</h2>
      <p className="desk-hint">{t('admin.people.help')}</p>
      {erased && (
        <p className="admin-verify" role="status">
          {t('admin.people.erased', { ...erased })}
        </p>
      )}
      <PersonFinder key={finderKey} label={t('admin.people.find')} chosen={chosen} onChoose={choose} />
      {chosen && (
        <PersonActions
          key={chosen.visitorId}
          person={chosen}
          onErased={(counts) => {
            setErased({ name: chosen.name, ...counts });
            setChosen(null);
            setFinderKey((n) => n + 1);
          }}
        />
      )}
    </section>
  );
}

function PersonActions({
  person,
  onErased,
}: {
  person: Person;
  onErased: (counts: { visits: number; visitors: number }) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const { visitorId, name } = person;
  const shown = i18n.resolvedLanguage as Language;
  const language = LANGUAGES.includes(shown) ? shown : 'en';
  const confirmed = typed.trim().toLocaleLowerCase() === name.trim().toLocaleLowerCase();

  const exportJson = async () => {
    const bundle = await run(() => client.privacy.exportPerson({ visitorId }));
    if (bundle) downloadJson(`personal-data-${visitorId}.json`, bundle);
  };
  const exportPdf = async () => {
    const file = await run(() => client.privacy.exportPersonPdf({ visitorId, language }));
    if (file) downloadBase64(file);
  };
  const erase = async (e: FormEvent) => {
    e.preventDefault();
    if (!confirmed) return;
    const done = await run(() => client.privacy.erasePerson({ visitorId }));
    if (done) onErased({ visits: done.anonymisedVisits, visitors: done.anonymisedVisitors });
  };

  return (
    <section className="admin-person" aria-label={t('admin.people.actionsFor', { name })}>
      <h3>{name}</h3>
      <p className="admin-actions">
        <button type="button" className="small-button" disabled={busy} onClick={() => void exportJson()}>
          {t('admin.people.exportJson')}
        </button>
        <button type="button" className="small-button" disabled={busy} onClick={() => void exportPdf()}>
          {t('admin.people.exportPdf')}
        </button>
        <button
          type="button"
          className="small-button small-button--danger"
          aria-expanded={confirming}
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          {t('admin.people.erase')}
        </button>
      </p>
      <p className="desk-hint">{t('admin.people.exportHelp')}</p>
      {confirming && (
        <form
          className="desk-form admin-confirm"
          aria-label={t('admin.people.confirmTitle', { name })}
          onSubmit={(e) => void erase(e)}
        >
          <p className="wide" role="note">
            {t('admin.people.confirmText', { name })}
          </p>
          <label>
            {t('admin.people.typeName', { name })}
            <input
              value={typed}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
          <button type="submit" className="small-button small-button--danger" disabled={busy || !confirmed}>
            {t('admin.people.eraseConfirm', { name })}
          </button>
          <button type="button" className="small-button" onClick={() => setConfirming(false)}>
            {t('admin.cancel')}
          </button>
        </form>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}
