// Steps walk-in and invite check-in share: the visitor type's questions, the documents to sign, the photo.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraCapture } from '../../components/CameraCapture';
import { SignaturePad } from '../../components/SignaturePad';
import { localName } from '../../format';
import type { KioskDocument } from '../../../shared/api/kiosk';
import type { CustomFieldDef, PhotoRule } from '../../../shared/domain';
import { foldForSearch, sameName } from '../../../shared/text';
import { KioskField } from './KioskField';
import { useVisitorLanguage } from './kioskContext';

const KEYBOARD = { text: 'text', number: 'number', email: 'email', phone: 'phone', choice: 'text' } as const;

export function CustomFieldsForm({
  defs,
  values,
  onChange,
}: {
  defs: CustomFieldDef[];
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const language = useVisitorLanguage();
  return (
    <>
      <h1 className="kiosk-step__title">{t('kioskFlow.fields.title')}</h1>
      <div className="kiosk-form">
        {defs.map((def) => {
          const label =
            localName(def.labels, language) + (def.required ? '' : ` ${t('kioskFlow.fields.optional')}`);
          if (def.kind === 'choice') {
            return (
              <fieldset key={def.key} className="kiosk-fieldset">
                <legend className="field__label">{label}</legend>
                <div className="kiosk-choices">
                  {(def.choices ?? []).map((choice) => (
                    <button
                      key={choice}
                      type="button"
                      className="kiosk-choice"
                      aria-pressed={values[def.key] === choice}
                      onClick={() => onChange({ ...values, [def.key]: choice })}
                    >
                      {choice}
                    </button>
                  ))}
                </div>
              </fieldset>
            );
          }
          return (
            <KioskField
              key={def.key}
              label={label}
              keyboard={KEYBOARD[def.kind]}
              value={values[def.key] ?? ''}
              required={def.required}
              onChange={(v) => onChange({ ...values, [def.key]: v })}
            />
          );
        })}
      </div>
    </>
  );
}

/** What the visitor gave for one document: a drawn signature, or their full name typed as a signature. */
export type Signed = { png: string } | { typedName: string };

/** The signatures of the documents, as the kiosk methods take them (a missing one is refused there). */
export const signaturesFor = (documents: KioskDocument[], signed: Record<string, Signed | null>) =>
  documents.map((d) => ({ documentId: d.id, ...(signed[d.id] ?? { png: '' }) }));

export function DocumentsToSign({
  documents,
  onSigned,
  visitorName,
}: {
  documents: KioskDocument[];
  onSigned(documentId: string, signed: Signed | null): void;
  /** The name the visitor gave: a typed signature must be it (checked here as the station checks it). */
  visitorName?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="kiosk-step__title">{t('kioskFlow.sign.title')}</h1>
      {documents.map((doc) => (
        <section key={doc.id} className="kiosk-document" aria-labelledby={`doc-${doc.id}`}>
          <h2 id={`doc-${doc.id}`} lang={doc.language}>
            {doc.title}
          </h2>
          <p className="kiosk-document__body" lang={doc.language} tabIndex={0}>
            {doc.body}
          </p>
          <p className="kiosk-document__version">{t('kioskFlow.sign.version', { version: doc.version })}</p>
          <SignatureInput
            title={doc.title}
            visitorName={visitorName}
            onSigned={(signed) => onSigned(doc.id, signed)}
          />
        </section>
      ))}
    </>
  );
}

/** The drawn signature pad, or — for keyboard-only visitors — the full name typed as the signature. */
function SignatureInput({
  title,
  visitorName,
  onSigned,
}: {
  title: string;
  visitorName?: string | undefined;
  onSigned(signed: Signed | null): void;
}) {
  const { t } = useTranslation();
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState('');
  const [left, setLeft] = useState(false);
  const switchTo = (toTyping: boolean) => {
    setTyping(toTyping);
    setTyped('');
    onSigned(null);
  };
  if (!typing) {
    return (
      <>
        <SignaturePad
          label={t('kioskFlow.sign.pad', { title })}
          onChange={(png) => onSigned(png ? { png } : null)}
        />
        <button type="button" className="button button--secondary" onClick={() => switchTo(true)}>
          {t('kioskFlow.sign.typeInstead')}
        </button>
      </>
    );
  }
  return (
    <div className="signature signature--typed">
      <p className="kiosk-step__body">{t('kioskFlow.sign.typedHint')}</p>
      <KioskField
        label={t('kioskFlow.sign.typed', { title })}
        value={typed}
        autoFocus
        problem={
          mismatch(typed, visitorName, left) ? t('kioskFlow.sign.typedMismatch', { name: visitorName }) : null
        }
        onBlur={() => setLeft(true)}
        onChange={(value) => {
          setLeft(false);
          setTyped(value);
          const ok = value.trim() && (visitorName === undefined || sameName(value, visitorName));
          onSigned(ok ? { typedName: value.trim() } : null);
        }}
      />
      <p className="signature__typed" aria-hidden="true">
        {typed}
      </p>
      <button type="button" className="button button--secondary" onClick={() => switchTo(false)}>
        {t('kioskFlow.sign.drawInstead')}
      </button>
    </div>
  );
}

/**
 * A typed name that is not the visitor's: said at once when it cannot become it (it is not the start of
 * it), and when the visitor leaves the field.
 */
const mismatch = (typed: string, name: string | undefined, left: boolean) =>
  name !== undefined &&
  typed.trim() !== '' &&
  (left ? !sameName(typed, name) : !foldForSearch(name).startsWith(foldForSearch(typed)));

export function PhotoStep({
  rule,
  photo,
  onPhoto,
  cameraAvailable,
  onUnavailable,
  idDocument,
}: {
  rule: PhotoRule;
  photo: string | null;
  onPhoto(photo: string | null): void;
  cameraAvailable: boolean;
  onUnavailable(): void;
  /** A type that asks for ID: once the visitor's photo is taken, an optional photo of the document. */
  idDocument?: { photo: string | null; onPhoto(photo: string | null): void } | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="kiosk-step__title">{t('kioskFlow.photo.title')}</h1>
      <p className="kiosk-step__body">
        {rule === 'required' ? t('kioskFlow.photo.required') : t('kioskFlow.photo.optional')}
      </p>
      {cameraAvailable ? (
        <>
          <CameraCapture photo={photo} onPhoto={onPhoto} onUnavailable={onUnavailable} />
          {idDocument && photo ? (
            <section aria-labelledby="id-document-photo">
              <h2 id="id-document-photo">{t('kioskFlow.id.photo')}</h2>
              <CameraCapture
                photo={idDocument.photo}
                onPhoto={idDocument.onPhoto}
                onUnavailable={onUnavailable}
              />
            </section>
          ) : null}
        </>
      ) : (
        <p className="alert alert--info" role="status">
          {t('kioskFlow.photo.noCameraOptional')}
        </p>
      )}
    </>
  );
}
