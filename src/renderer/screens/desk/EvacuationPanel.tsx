// Evacuation roll call: one button lists everyone on site; tick people off as they reach the assembly
// point (every desk sees each tick at once); print the list as a PDF; the summary says who is missing.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { downloadBase64, useAction, useFormatDateTime, useLive } from './shared';

export function EvacuationPanel() {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const format = useFormatDateTime();
  const load = useCallback(() => client.evacuation.current(), [client]);
  const { data, error, setData } = useLive(load, ['evacuation.changed', 'visit.changed']);
  const { busy, error: actionError, run } = useAction();
  const [onlyMissing, setOnlyMissing] = useState(false);
  const rollCall = data?.rollCall ?? null;
  const running = rollCall && !rollCall.endedAt ? rollCall : null;

  const start = async () => {
    const started = await run(() => client.evacuation.start());
    if (started) setData({ rollCall: started });
  };
  const mark = async (visitId: string, safe: boolean) => {
    if (!running) return;
    const next = await run(() => client.evacuation.mark({ evacuationId: running.id, visitId, safe }));
    if (next) setData({ rollCall: next });
  };
  const end = async () => {
    if (!running) return;
    const ended = await run(() => client.evacuation.end({ evacuationId: running.id }));
    if (ended) setData({ rollCall: ended });
  };
  const print = async () => {
    if (!rollCall) return;
    const language = (['en', 'es', 'fr', 'de'] as const).find((l) => l === i18n.resolvedLanguage) ?? 'en';
    const pdf = await run(() => client.evacuation.pdf({ evacuationId: rollCall.id, language }));
    if (pdf) downloadBase64({ filename: pdf.filename, mimeType: 'application/pdf', base64: pdf.pdfBase64 });
  };

  return (
    <section className="desk-panel" aria-labelledby="evacuation-title">
      <h1 id="evacuation-title">{t('evacuation.title')}</h1>
      <ErrorAlert error={actionError ?? error} />
      {!running && (
        <p>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void start()}
          >
            {t('evacuation.start')}
          </button>
        </p>
      )}
      {rollCall && (
        <>
          <p className="desk-hint">
            {rollCall.endedAt
              ? t('evacuation.ended', {
                  started: format(rollCall.startedAt),
                  ended: format(rollCall.endedAt),
                })
              : t('evacuation.running', {
                  started: format(rollCall.startedAt),
                  by: rollCall.startedByName ?? '—',
                })}
          </p>
          <div className="summary-strip" role="status" aria-label={t('evacuation.summaryLabel')}>
            <div>{t('evacuation.total', { count: rollCall.summary.total })}</div>
            <div>{t('evacuation.safe', { count: rollCall.summary.safe })}</div>
            <div className={rollCall.summary.unaccounted ? 'alarm' : ''}>
              {t('evacuation.unaccounted', { count: rollCall.summary.unaccounted })}
            </div>
          </div>
          <p>
            <button type="button" className="small-button" disabled={busy} onClick={() => void print()}>
              {t('evacuation.print')}
            </button>
            <label className="desk-hint" style={{ marginLeft: 12 }}>
              <input
                type="checkbox"
                checked={onlyMissing}
                onChange={(e) => setOnlyMissing(e.target.checked)}
              />{' '}
              {t('evacuation.onlyMissing')}
            </label>
            {running && (
              <button
                type="button"
                className="small-button small-button--danger"
                disabled={busy}
                onClick={() => void end()}
              >
                {t('evacuation.end')}
              </button>
            )}
          </p>
          {rollCall.summary.total === 0 && <p className="empty">{t('evacuation.nobody')}</p>}
          {rollCall.groups.map((group) => {
            const people = group.people.filter((p) => !onlyMissing || !p.safeAt);
            if (!people.length) return null;
            return (
              <div className="rollcall-group" key={group.hostName ?? ''}>
                <h2>
                  {group.hostName ? t('evacuation.host', { name: group.hostName }) : t('evacuation.noHost')}
                </h2>
                {people.map((p) => (
                  <label
                    key={p.visitId}
                    className={`rollcall-person${p.safeAt ? ' rollcall-person--safe' : ''}`}
                  >
                    <input
                      type="checkbox"
                      checked={Boolean(p.safeAt)}
                      disabled={!running || busy}
                      aria-label={t('evacuation.markSafe', { name: p.name })}
                      onChange={(e) => void mark(p.visitId, e.target.checked)}
                    />
                    <span>
                      <strong>{p.name}</strong>
                      {p.company ? ` — ${p.company}` : ''}
                    </span>
                    <span className="desk-hint" style={{ margin: 0 }}>
                      {p.safeAt
                        ? t('evacuation.safeAt', { time: format(p.safeAt), by: p.safeByName ?? '—' })
                        : t('evacuation.inSince', { time: format(p.checkedInAt) })}
                    </span>
                  </label>
                ))}
              </div>
            );
          })}
        </>
      )}
    </section>
  );
}
