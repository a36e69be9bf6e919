// Walk-in check-in, at most seven screens: visitor type → your details (a returning visitor is recognised;
// a scanned passport, ID card or licence fills in the name and ID document) → your host → the type's
// questions → documents to sign → photo → done. Screens a type does not need are skipped; a type that asks
// nothing of the person (a delivery) is two taps: the type, then the recipient or reception. Everything
// typed lives in this component: leaving it (or the idle timeout) wipes it.
import { useCallback, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAction, useLive, useTypeAhead } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useIdDocumentReads, type IdDocumentRead } from '../../components/IdDocumentReads';
import { localName } from '../../format';
import type { VisitorType } from '../../../shared/api/directory';
import { methods } from '../../../shared/api';
import { invalidInput, type FieldProblem } from '../../../shared/errors';
import type { KioskAnswer as KioskOutcome } from '../../../shared/api/kiosk';
import { KioskField } from './KioskField';
import { OutcomeView, SeeReception } from './Outcome';
import { CustomFieldsForm, DocumentsToSign, PhotoStep, signaturesFor, type Signed } from './steps';
import { useIdDocument } from './IdDocument';
import { useKioskSettings, useVisitorLanguage } from './kioskContext';

type Step = 'type' | 'delivery' | 'details' | 'host' | 'fields' | 'document' | 'photo';
type Details = { name: string; company: string; email: string; phone: string };

/** The visitor's details as kiosk.checkIn takes them (empty optional fields left out). */
const visitorInput = (d: Details) => ({
  name: d.name,
  ...(d.company ? { company: d.company } : {}),
  ...(d.email ? { email: d.email } : {}),
  ...(d.phone ? { phone: d.phone } : {}),
});

/** What is wrong with the details, by the station's own rules (the schema kiosk.checkIn checks them with). */
function detailsProblems(d: Details): Record<string, FieldProblem> {
  const checked = methods['kiosk.checkIn'].input.shape.visitor.safeParse(visitorInput(d));
  return checked.success ? {} : (invalidInput(checked.error).fields ?? {});
}
interface Host {
  id: string;
  name: string;
  department: string | null;
}

export function WalkIn() {
  const { t } = useTranslation();
  const { client } = useStation();
  const language = useVisitorLanguage();
  const [type, setType] = useState<VisitorType | null>(null);
  const [step, setStep] = useState<Step>('type');
  const [details, setDetails] = useState({ name: '', company: '', email: '', phone: '' });
  const [returning, setReturning] = useState<{ visitorId: string; maskedContact: string | null } | null>(
    null,
  );
  const [host, setHost] = useState<Host | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [signatures, setSignatures] = useState<Record<string, Signed | null>>({});
  const [photo, setPhoto] = useState<string | null>(null);
  const [cameraAvailable, setCameraAvailable] = useState(true);
  const { busy, error, run } = useAction();
  const [outcome, setOutcome] = useState<KioskOutcome | null>(null);
  const [delivered, setDelivered] = useState<{ hostName: string | null } | null>(null);
  const idDocument = useIdDocument(Boolean(type?.requiresId));
  // A passport, ID card or licence scanned at any step fills in the name and the ID document.
  const [scanned, setScanned] = useState<IdDocumentRead | null>(null);
  const scanNotice = useIdDocumentReads((read) => {
    setScanned(read);
    setDetails((d) => ({ ...d, name: read.name }));
    idDocument.fill(read.kind, read.number);
  });

  const loadTypes = useCallback(() => client.visitorTypes.list().then((r) => r.types), [client]);
  const typeList = useLive(loadTypes);
  const types = typeList.data;
  // The documents follow the visitor's language, also when it changes halfway.
  const typeId = type?.id ?? null;
  const loadDocuments = useCallback(
    () => client.kiosk.documents({ visitorTypeId: typeId!, language }).then((r) => r.documents),
    [client, typeId, language],
  );
  const documentList = useLive(loadDocuments, [], { enabled: typeId !== null, resetOnChange: true });
  const documents = (typeId && documentList.data) || [];
  const loadError = typeList.error ?? documentList.error;
  const retryLoad = () => {
    typeList.reload();
    documentList.reload();
  };

  const steps: Step[] = [
    'type',
    'details',
    'host',
    // The ID document goes with the type's questions, so a walk-in stays within seven screens.
    ...(type && (type.customFields.length > 0 || type.requiresId) ? (['fields'] as const) : []),
    ...(documents.length > 0 ? (['document'] as const) : []),
    ...(type && type.photo !== 'none' ? (['photo'] as const) : []),
  ];
  const index = steps.indexOf(step);
  const last = index === steps.length - 1;
  // The counter starts once the type is chosen and its documents are known, so "1 of N" is the whole
  // walk-in for that type from the first screen it shows on (it never grows halfway: "1 of 3" → "2 of 5").
  const counted = type !== null && documentList.data !== null;

  const submit = async () => {
    if (!type || !host) return;
    const result = await run(() =>
      client.kiosk.checkIn({
        visitorTypeId: type.id,
        language,
        visitor: visitorInput(details),
        ...(returning ? { returningVisitorId: returning.visitorId } : {}),
        hostId: host.id,
        customFields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim())),
        signatures: signaturesFor(documents, signatures),
        ...(photo ? { photo } : {}),
        cameraAvailable,
        ...idDocument.input,
      }),
    );
    if (result) setOutcome(result);
  };
  // The details are checked here, where a mistake is made, by the rules the station checks them with.
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const next = () => {
    if (step === 'details') {
      const found = detailsProblems(details);
      setProblems(found);
      if (Object.keys(found).length > 0) return;
    }
    if (last) void submit();
    else setStep(steps[index + 1]!);
  };
  const back =
    step === 'delivery' ? () => setStep('type') : index > 0 ? () => setStep(steps[index - 1]!) : null;
  // Each step opens at the top, with the header and the step's title in view, however far down the step
  // before was scrolled (a long document, the keyboard). A field that takes the focus (the host search)
  // is then brought above the keyboard by the keyboard itself.
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [step]);
  const onCameraUnavailable = useCallback(() => setCameraAvailable(false), []);

  // A type that asks nothing of the person (no photo, ID, approval or document) is a delivery: the
  // recipient, or reception, is all it takes (two taps, as Envoy does), not the visitor's details.
  const choose = async (vt: VisitorType) => {
    setType(vt);
    setFields({});
    idDocument.reset(scanned);
    setSignatures({});
    if (vt.photo === 'none' && !vt.requiresId && !vt.requiresApproval) {
      const docs = await run(() => client.kiosk.documents({ visitorTypeId: vt.id, language }));
      if (!docs) return;
      if (docs.documents.length === 0) return setStep('delivery');
    }
    setStep('details');
  };
  const deliver = async (to: Host | null) => {
    if (!type) return;
    const done = await run(() =>
      client.kiosk.delivery({ visitorTypeId: type.id, hostId: to?.id ?? null, language }),
    );
    if (done) setDelivered(done);
  };

  if (outcome) return <OutcomeView outcome={outcome} email={details.email} />;
  if (delivered)
    return (
      <SeeReception
        title={t('kioskFlow.delivery.thanks')}
        body={
          delivered.hostName
            ? t('kioskFlow.delivery.told', { host: delivered.hostName })
            : t('kioskFlow.delivery.atReception')
        }
      />
    );
  if (step === 'photo' && !cameraAvailable && type?.photo === 'required')
    return <SeeReception title={t('kioskFlow.photo.requiredNoCamera')} />;

  const canGoOn =
    step === 'details'
      ? details.name.trim().length > 0 && counted
      : step === 'host'
        ? host !== null
        : step === 'fields'
          ? (type?.customFields ?? []).every((f) => !f.required || (fields[f.key] ?? '').trim()) &&
            idDocument.ready
          : step === 'document'
            ? documents.every((d) => signatures[d.id])
            : step === 'photo'
              ? Boolean(photo) || type?.photo !== 'required'
              : false;

  return (
    <main className="kiosk__main kiosk-flow">
      {step !== 'type' && step !== 'delivery' && counted ? (
        <p className="kiosk-flow__progress">
          {t('kioskFlow.progress', { step: index, total: steps.length - 1 })}
        </p>
      ) : null}
      {scanNotice}
      {step === 'type' ? (
        <>
          <h1 className="kiosk-step__title">{t('kioskFlow.type.title')}</h1>
          <div className="kiosk-choices" role="group" aria-label={t('kioskFlow.type.title')}>
            {(types ?? []).map((vt) => (
              <button
                key={vt.id}
                type="button"
                className="kiosk-choice"
                style={{ borderLeftColor: vt.color }}
                disabled={busy}
                onClick={() => void choose(vt)}
              >
                {localName(vt.names, language)}
              </button>
            ))}
          </div>
        </>
      ) : null}
      {step === 'details' ? (
        <DetailsStep
          details={details}
          onChange={setDetails}
          returning={returning}
          onReturning={setReturning}
          problems={problems}
        />
      ) : null}
      {step === 'host' ? <HostStep host={host} onHost={setHost} /> : null}
      {step === 'delivery' ? (
        <>
          <HostStep
            title={t('kioskFlow.delivery.title')}
            host={null}
            onHost={(h) => h && !busy && void deliver(h)}
          />
          <button
            type="button"
            className="kiosk-choice kiosk-choice--reception"
            disabled={busy}
            onClick={() => void deliver(null)}
          >
            <span className="kiosk-choice__title">{t('kioskFlow.delivery.reception')}</span>
            <span className="kiosk-choice__hint">{t('kioskFlow.delivery.receptionHint')}</span>
          </button>
        </>
      ) : null}
      {step === 'fields' && type ? (
        <>
          <CustomFieldsForm defs={type.customFields} values={fields} onChange={setFields} />
          {idDocument.form}
        </>
      ) : null}
      {step === 'document' ? (
        <DocumentsToSign
          documents={documents}
          visitorName={details.name}
          onSigned={(id, signed) => setSignatures((s) => ({ ...s, [id]: signed }))}
        />
      ) : null}
      {step === 'photo' && type ? (
        <PhotoStep
          rule={type.photo}
          photo={photo}
          onPhoto={setPhoto}
          cameraAvailable={cameraAvailable}
          onUnavailable={onCameraUnavailable}
          idDocument={idDocument.photo}
        />
      ) : null}

      <ErrorAlert error={loadError} onRetry={retryLoad} />
      <ErrorAlert error={error} />
      <div className="kiosk-flow__actions">
        {back ? (
          <button type="button" className="button button--secondary button--large" onClick={back}>
            <span aria-hidden="true">←</span> {t('kiosk.back')}
          </button>
        ) : (
          <Link to="/kiosk" className="button button--secondary button--large">
            <span aria-hidden="true">←</span> {t('kiosk.back')}
          </Link>
        )}
        {step !== 'type' && step !== 'delivery' ? (
          <button
            type="button"
            className="button button--primary button--large"
            disabled={!canGoOn || busy}
            data-kiosk-action
            onClick={next}
          >
            {last ? t('kioskFlow.checkIn') : t('kioskFlow.next')}
          </button>
        ) : null}
      </div>
    </main>
  );
}

function DetailsStep({
  details,
  onChange,
  returning,
  onReturning,
  problems,
}: {
  details: Details;
  onChange(d: Details): void;
  returning: { visitorId: string; maskedContact: string | null } | null;
  onReturning(r: { visitorId: string; maskedContact: string | null } | null): void;
  problems: Record<string, FieldProblem>;
}) {
  const { t } = useTranslation();
  const problem = (key: keyof Details) => {
    const p = problems[key];
    return p ? t(`fieldErrors.${p.code}`, p.params ?? {}) : null;
  };
  const { client } = useStation();
  const [candidate, setCandidate] = useState<{ visitorId: string; maskedContact: string | null } | null>(
    null,
  );
  const [declined, setDeclined] = useState<Set<string>>(new Set());

  const recognise = async (by: { email?: string; phone?: string }) => {
    if (returning) return;
    try {
      const { candidates } = await client.kiosk.recognise(by);
      const first = candidates.find((c) => !declined.has(c.visitorId));
      if (first) setCandidate(first);
    } catch {
      // Not recognised (or not yet a valid email): the visitor simply types their details.
    }
  };
  const set = (key: keyof typeof details) => (value: string) => onChange({ ...details, [key]: value });

  return (
    <>
      <h1 className="kiosk-step__title">{t('kioskFlow.details.title')}</h1>
      <p className="kiosk-step__body">{t('idDocument.scanHint')}</p>
      {returning ? (
        <p className="alert alert--info" role="status">
          {t('kioskFlow.details.welcomeBack', { name: details.name })}
        </p>
      ) : null}
      {candidate ? (
        <div
          className="alert alert--info kiosk-recognise"
          role="alertdialog"
          aria-label={t('kioskFlow.details.isThisYou')}
        >
          <p>{t('kioskFlow.details.isThisYouContact', { contact: candidate.maskedContact ?? '' })}</p>
          <div className="kiosk-flow__actions">
            <button
              type="button"
              className="button button--primary button--large"
              onClick={async () => {
                // Nothing stored is filled in (typing someone's e-mail must not show who they are): the
                // visitor types their name; the station takes them as returning only if it is theirs.
                const me = await client.kiosk.recall({ visitorId: candidate.visitorId, consent: true });
                onReturning({ visitorId: me.visitorId, maskedContact: me.maskedContact });
                setCandidate(null);
              }}
            >
              {t('kioskFlow.details.yesMe')}
            </button>
            <button
              type="button"
              className="button button--secondary button--large"
              onClick={() => {
                setDeclined(new Set([...declined, candidate.visitorId]));
                setCandidate(null);
              }}
            >
              {t('kioskFlow.details.notMe')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="kiosk-form">
        <KioskField
          label={t('kioskFlow.details.email')}
          keyboard="email"
          optional
          value={details.email}
          onChange={set('email')}
          problem={problem('email')}
          onBlur={() =>
            /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(details.email) && void recognise({ email: details.email })
          }
        />
        <KioskField
          label={t('kioskFlow.details.phone')}
          keyboard="phone"
          optional
          value={details.phone}
          onChange={set('phone')}
          problem={problem('phone')}
          onBlur={() =>
            details.phone.replace(/\D/g, '').length >= 6 && void recognise({ phone: details.phone })
          }
        />
        <KioskField
          label={t('kioskFlow.details.name')}
          required
          value={details.name}
          onChange={set('name')}
          problem={problem('name')}
        />
        <KioskField
          label={t('kioskFlow.details.company')}
          value={details.company}
          onChange={set('company')}
          problem={problem('company')}
        />
      </div>
    </>
  );
}

function HostStep({
  host,
  onHost,
  title,
}: {
  host: Host | null;
  onHost(h: Host | null): void;
  /** The step's question; "Who are you visiting?" unless told. */
  title?: string;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const settings = useKioskSettings();
  const [query, setQuery] = useState(host?.name ?? '');
  const search = useCallback(
    (text: string) => client.kiosk.findHosts({ query: text }).then((r) => r.hosts),
    [client],
  );
  const { hits, error } = useTypeAhead(query, search);

  return (
    <>
      <h1 className="kiosk-step__title">{title ?? t('kioskFlow.host.title')}</h1>
      <p className="kiosk-step__body">
        {settings.hideHostDirectory ? t('kioskFlow.host.fullNameHint') : t('kioskFlow.host.hint')}
      </p>
      <KioskField
        label={t('kioskFlow.host.search')}
        results
        value={query}
        onChange={(v) => {
          setQuery(v);
          if (host && v !== host.name) onHost(null);
        }}
        autoFocus
      />
      <div className="kiosk-choices" role="group" aria-label={t('kioskFlow.host.results')} aria-live="polite">
        {hits.map((h) => (
          <button
            key={h.id}
            type="button"
            className="kiosk-choice"
            aria-pressed={host?.id === h.id}
            onClick={() => {
              onHost(h);
              setQuery(h.name);
            }}
          >
            <span className="kiosk-choice__title">{h.name}</span>
            {h.department ? <span className="kiosk-choice__hint">{h.department}</span> : null}
          </button>
        ))}
        {query.trim().length >= 3 && hits.length === 0 && !error ? <p>{t('kioskFlow.host.none')}</p> : null}
      </div>
      <ErrorAlert error={error} />
    </>
  );
}
