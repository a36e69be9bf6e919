// An invited visitor: scan the invite QR (camera or hardware scanner) or type the code. A valid invite
// greets them by name and asks only for what is still missing (an ID document the visitor may scan); with
// nothing missing one tap checks in.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAction, useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useIdDocumentReads } from '../../components/IdDocumentReads';
import { QrScanner } from '../../components/QrScanner';
import type { KioskOutcome, OutputOf } from './types';
import { KioskField } from './KioskField';
import { OutcomeView } from './Outcome';
import { CustomFieldsForm, DocumentsToSign, PhotoStep, signaturesFor, type Signed } from './steps';
import { useIdDocument } from './IdDocument';
import { useVisitorLanguage } from './kioskContext';

type Found = OutputOf<'kiosk.findInvite'>;

export function Invite() {
  const { t } = useTranslation();
  const { client } = useStation();
  const language = useVisitorLanguage();
  const [invite, setInvite] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [signatures, setSignatures] = useState<Record<string, Signed | null>>({});
  const [photo, setPhoto] = useState<string | null>(null);
  const [cameraAvailable, setCameraAvailable] = useState(true);
  const { busy, error, run } = useAction();
  const [outcome, setOutcome] = useState<KioskOutcome | null>(null);
  const findInvite = useCallback(
    () => client.kiosk.findInvite({ invite: invite!, language }),
    [client, invite, language],
  );
  const lookup = useLive(findInvite, [], { enabled: invite !== null, resetOnChange: true });
  const found: Found | null = invite ? lookup.data : null;
  const idDocument = useIdDocument(found?.status === 'valid' && found.idRequired);
  // The invite knows the visitor's name; a scanned passport, ID card or licence fills in the ID document.
  const scanNotice = useIdDocumentReads((read) => idDocument.fill(read.kind, read.number));
  const onCameraUnavailable = useCallback(() => setCameraAvailable(false), []);

  if (outcome) return <OutcomeView outcome={outcome} />;

  if (!found || !invite) {
    return (
      <main className="kiosk__main kiosk-flow">
        <h1 className="kiosk-step__title">{t('kioskFlow.invite.title')}</h1>
        <p className="kiosk-step__body">{t('kioskFlow.invite.body')}</p>
        <div className="kiosk-invite">
          <QrScanner onCode={(code) => setInvite(code.trim())} />
          <form
            className="kiosk-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim().length >= 4) setInvite(typed.trim());
            }}
          >
            <KioskField
              label={t('kioskFlow.invite.code')}
              keyboard="code"
              value={typed}
              onChange={setTyped}
            />
            <button
              type="submit"
              className="button button--primary button--large"
              disabled={typed.trim().length < 4}
            >
              {t('kioskFlow.invite.find')}
            </button>
          </form>
        </div>
        <ErrorAlert error={lookup.error} onRetry={lookup.reload} />
        <Link to="/kiosk" className="button button--secondary button--large">
          <span aria-hidden="true">←</span> {t('kiosk.back')}
        </Link>
      </main>
    );
  }

  if (found.status !== 'valid') {
    return (
      <main className="kiosk__main kiosk-flow">
        <h1 className="kiosk-step__title">{t(`kioskFlow.invite.${found.status}`)}</h1>
        <p className="kiosk-step__body">{t('kioskFlow.invite.offerWalkIn')}</p>
        <div className="kiosk-flow__actions">
          <Link to="/kiosk/check-in" className="button button--primary button--large">
            {t('kioskFlow.invite.walkIn')}
          </Link>
          <button
            type="button"
            className="button button--secondary button--large"
            onClick={() => {
              setInvite(null);
              setTyped('');
            }}
          >
            {t('kioskFlow.invite.again')}
          </button>
        </div>
      </main>
    );
  }

  const ready =
    found.customFields.every((f) => !f.required || (fields[f.key] ?? '').trim()) &&
    found.documents.every((d) => signatures[d.id]) &&
    idDocument.ready &&
    (found.photo !== 'required' || Boolean(photo));

  const checkIn = async () => {
    const result = await run(() =>
      client.kiosk.checkInInvite({
        invite,
        language,
        customFields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim())),
        signatures: signaturesFor(found.documents, signatures),
        ...(photo ? { photo } : {}),
        cameraAvailable,
        ...idDocument.input,
      }),
    );
    if (result) setOutcome(result);
  };

  return (
    <main className="kiosk__main kiosk-flow">
      <h1 className="kiosk-step__title">{t('kioskFlow.invite.welcome', { name: found.firstName })}</h1>
      {found.hostName ? (
        <p className="kiosk-step__body">{t('kioskFlow.invite.expected', { host: found.hostName })}</p>
      ) : null}
      {found.customFields.length > 0 ? (
        <CustomFieldsForm defs={found.customFields} values={fields} onChange={setFields} />
      ) : null}
      {idDocument.form ? scanNotice : null}
      {idDocument.form}
      {found.documents.length > 0 ? (
        <DocumentsToSign
          documents={found.documents}
          onSigned={(id, signed) => setSignatures((s) => ({ ...s, [id]: signed }))}
        />
      ) : null}
      {found.photo !== 'none' ? (
        <PhotoStep
          rule={found.photo}
          photo={photo}
          onPhoto={setPhoto}
          cameraAvailable={cameraAvailable}
          onUnavailable={onCameraUnavailable}
          idDocument={idDocument.photo}
        />
      ) : null}
      {found.photo === 'required' && !cameraAvailable ? (
        <p className="alert alert--error" role="alert">
          {t('kioskFlow.photo.requiredNoCamera')}
        </p>
      ) : null}
      <ErrorAlert error={error} />
      <div className="kiosk-flow__actions">
        <Link to="/kiosk" className="button button--secondary button--large">
          <span aria-hidden="true">←</span> {t('kiosk.back')}
        </Link>
        <button
          type="button"
          className="button button--primary button--large"
          disabled={!ready || busy}
          data-kiosk-action
          onClick={() => void checkIn()}
        >
          {t('kioskFlow.checkIn')}
        </button>
      </div>
    </main>
  );
}
