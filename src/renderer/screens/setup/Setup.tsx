// First-run setup: what this station is for (kiosk, desk or gate), which site it serves, and its
// language. Anyone may do it once; afterwards the station refuses changes unless an admin is signed in.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { LANGUAGES, STATION_KINDS, type Language, type StationKind } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { toApiError } from '../../api/errors';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { SyncEnrollStep } from '../../components/SyncIndicator';

export function Setup() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { client, status, setStatus } = useStation();
  const [kind, setKind] = useState<StationKind>(status.station.kind ?? 'kiosk');
  const [siteId, setSiteId] = useState(status.site?.id ?? status.sites[0]?.id ?? '');
  const [language, setLanguage] = useState<Language>(status.station.language);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const chooseLanguage = (lng: Language) => {
    setLanguage(lng);
    // The setup screen itself speaks the language being chosen.
    void i18n.changeLanguage(lng);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setStatus(await client.station.configure({ kind, siteId, language }));
      void navigate('/', { replace: true });
    } catch (reason) {
      setError(toApiError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="screen screen--centered">
      <form className="card setup" onSubmit={submit} noValidate>
        <p className="eyebrow">{t('app.name')}</p>
        <h1>{t('setup.title')}</h1>
        <p className="muted">{status.configured ? t('setup.alreadyConfigured') : t('setup.intro')}</p>

        {!status.configured && (
          <SyncEnrollStep
            onEnrolled={() =>
              void client.station.status().then((next) => {
                setStatus(next);
                void navigate('/', { replace: true });
              })
            }
          />
        )}

        <fieldset className="choice-group">
          <legend className="field__label">{t('setup.role')}</legend>
          <div className="choice-group__options choice-group__options--three">
            {STATION_KINDS.map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span className="choice__body">
                  <span className="choice__title">{t(`stationKinds.${k}.name`)}</span>
                  <span className="choice__hint">{t(`stationKinds.${k}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <label className="field">
          <span className="field__label">{t('setup.site')}</span>
          <select className="field__input" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            {status.sites.length === 0 && <option value="">{t('setup.noSites')}</option>}
            {status.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>

        <fieldset className="choice-group">
          <legend className="field__label">{t('setup.language')}</legend>
          <div className="choice-group__options choice-group__options--four">
            {LANGUAGES.map((lng) => (
              <label key={lng} className="choice choice--compact" lang={lng}>
                <input
                  type="radio"
                  name="language"
                  value={lng}
                  checked={language === lng}
                  onChange={() => chooseLanguage(lng)}
                />
                <span className="choice__body">
                  <span className="choice__title">{i18n.getFixedT(lng)('language.name')}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <ErrorAlert
          error={error}
          fieldLabels={{ kind: t('setup.role'), siteId: t('setup.site'), language: t('setup.language') }}
        />

        <button type="submit" className="button button--primary button--block button--large" disabled={busy}>
          {busy ? t('setup.saving') : t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
