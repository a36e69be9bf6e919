// The ID document step of visitor types with requiresId, shared by walk-in and invite check-in: the kind
// of document and its number, typed with the on-screen keyboard or filled in by scanning the document,
// and optionally its photo (on the photo step). The station screens the number against the watchlist and keeps only its last 2 characters and a
// hash.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ID_DOCUMENT_KINDS, type IdDocumentKind } from '../../../shared/api/kiosk';
import { KioskField } from './KioskField';
import { useKioskSettings } from './kioskContext';

interface IdDocument {
  kind: IdDocumentKind | null;
  number: string;
}
const NONE: IdDocument = { kind: null, number: '' };

/**
 * The ID document a visitor types in, when `required`: the form to show, whether it is complete enough to
 * send (the station checks the number itself: at least 5 letters or digits), and the check-in input.
 */
export function useIdDocument(required: boolean) {
  const [value, setValue] = useState(NONE);
  const [photo, setPhoto] = useState<string | null>(null);
  // A site that keeps less than the number's last 2 keeps no photo of the document either.
  const keepsLast2 = useKioskSettings().idNumberKept === 'last2_and_hash';
  return {
    form: required ? <IdDocumentForm value={value} onChange={setValue} keepsLast2={keepsLast2} /> : null,
    ready: !required || (value.kind !== null && value.number.replace(/[^\p{L}\p{N}]/gu, '').length >= 5),
    input:
      required && value.kind
        ? {
            idDocumentKind: value.kind,
            idDocumentNumber: value.number.trim(),
            ...(photo ? { idDocumentPhoto: photo } : {}),
          }
        : {},
    /** For the photo step: the optional photo of the document, when the type asks for ID. */
    photo: required && keepsLast2 ? { photo, onPhoto: setPhoto } : undefined,
    /** A document the station's scanner read fills in its kind and number. */
    fill: (kind: IdDocumentKind, number: string) => setValue({ kind, number }),
    /** Clears the form, or sets it to the document read before (a new visitor type chosen after a scan). */
    reset: (read?: { kind: IdDocumentKind; number: string } | null) => {
      setValue(read ? { kind: read.kind, number: read.number } : NONE);
      setPhoto(null);
    },
  };
}

function IdDocumentForm({
  value,
  onChange,
  keepsLast2,
}: {
  value: IdDocument;
  onChange(id: IdDocument): void;
  keepsLast2: boolean;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="kiosk-fieldset">
      <legend className="field__label">{t('kioskFlow.id.title')}</legend>
      <p className="kiosk-step__body">{t(keepsLast2 ? 'kioskFlow.id.why' : 'kioskFlow.id.whyNoNumber')}</p>
      <div className="kiosk-choices" role="group" aria-label={t('kioskFlow.id.kind')}>
        {ID_DOCUMENT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="kiosk-choice"
            aria-pressed={value.kind === kind}
            onClick={() => onChange({ ...value, kind })}
          >
            {t(`kioskFlow.id.kinds.${kind}`)}
          </button>
        ))}
      </div>
      <KioskField
        label={t('kioskFlow.id.number')}
        keyboard="code"
        value={value.number}
        required
        onChange={(number) => onChange({ ...value, number })}
      />
    </fieldset>
  );
}
