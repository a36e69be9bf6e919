// Visit search: one line of query syntax, checked as it is typed (the same parser as the station),
// results a page at a time. Enter searches; the Next/Previous buttons page.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodName, OutputOf } from '../../../shared/api';
import { parseVisitQuery, QUERY_FIELDS, STATUS_WORDS, type QueryProblem } from '../../../shared/query';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { siteTodayIn, useAction, useFormatDateTime } from './shared';
import { VisitActions } from './VisitActions';
import { VisitDetails } from './VisitDetails';

type Page = OutputOf<'visits.search'>;

export function SearchPanel() {
  const { t } = useTranslation();
  const { client, status, mayCall } = useStation();
  const format = useFormatDateTime();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<QueryProblem | null>(null);
  const [page, setPage] = useState<Page | null>(null);
  // Cursors of the pages before the one shown, to go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const { busy, error, run } = useAction();
  const [selected, setSelected] = useState<Page['visits'][number] | null>(null);
  const canAct = ['incidents.raise', 'watchlist.addFromVisit', 'visits.changeHost', 'visits.cancel'].some(
    (m) => mayCall(m as MethodName),
  );
  const onVisit = canAct ? setSelected : undefined;

  const load = async (cursor: string | undefined, history: (string | undefined)[]) => {
    const result = await run(() => client.visits.search({ query: text, ...(cursor ? { cursor } : {}) }));
    if (result) {
      setPage(result);
      setCursors(history);
      // After an action the same page reloads: keep the chosen visit open, with its new state.
      setSelected((chosen) => (chosen && result.visits.find((v) => v.id === chosen.id)) ?? null);
    } else clearResults();
  };
  // A search that fails shows its error alone: results of an earlier search would read as its answer.
  const clearResults = () => {
    setPage(null);
    setCursors([]);
    setSelected(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseVisitQuery(text, siteTodayIn(status.site?.timezone));
    setProblem(parsed.ok ? null : parsed.problem);
    if (parsed.ok) void load(undefined, [undefined]);
    else clearResults();
  };

  return (
    <section className="desk-panel" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <form className="desk-search" onSubmit={submit} role="search">
        <input
          type="search"
          aria-label={t('search.label')}
          aria-describedby="search-help"
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          placeholder={t('search.placeholder')}
        />
        <button type="submit" className="small-button small-button--primary" disabled={busy}>
          {t('search.submit')}
        </button>
      </form>
      <p id="search-help" className="desk-hint">
        {t('search.help', {
          fields: QUERY_FIELDS.join(', '),
          statuses: Object.keys(STATUS_WORDS).join(', '),
          day: siteTodayIn(status.site?.timezone),
          from: siteTodayIn(status.site?.timezone, -14),
        })}
      </p>
      {problem && (
        <p className="desk-problem" role="alert">
          {t(`search.problems.${problem.code}`, { ...problem })}
        </p>
      )}
      <ErrorAlert error={error} />
      {page && (
        <>
          <p className="desk-hint" role="status">
            {page.visits.length === 0 ? t('search.none') : t('search.count', { count: page.visits.length })}
          </p>
          {page.visits.length > 0 && (
            <table className="dense">
              <caption className="visually-hidden">{t('search.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('search.columns.when')}</th>
                  <th scope="col">{t('search.columns.visitor')}</th>
                  <th scope="col">{t('search.columns.company')}</th>
                  <th scope="col">{t('search.columns.host')}</th>
                  <th scope="col">{t('search.columns.status')}</th>
                  {onVisit && (
                    <th scope="col">
                      <span className="visually-hidden">{t('search.columns.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {page.visits.map((v) => (
                  <tr key={v.id}>
                    <td className="num">{format(v.checkedInAt ?? v.expectedAt)}</td>
                    <td>{v.visitor.name}</td>
                    <td>{v.visitor.company ?? ''}</td>
                    <td>{v.host?.name ?? '—'}</td>
                    <td>
                      <span className={`status status--${v.status}`}>{t(`visitStatus.${v.status}`)}</span>
                    </td>
                    {onVisit && (
                      <td className="actions">
                        <button
                          type="button"
                          className="small-button"
                          onClick={() => onVisit(v)}
                          aria-label={t('search.actOn', { name: v.visitor.name })}
                        >
                          {t('search.act')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="desk-pager">
            <button
              type="button"
              className="small-button"
              disabled={busy || cursors.length < 2}
              onClick={() => void load(cursors.at(-2), cursors.slice(0, -1))}
            >
              {t('search.previous')}
            </button>
            <button
              type="button"
              className="small-button"
              disabled={busy || !page.nextCursor}
              onClick={() =>
                void load(page.nextCursor ?? undefined, [...cursors, page.nextCursor ?? undefined])
              }
            >
              {t('search.next')}
            </button>
          </p>
        </>
      )}
      {selected && <VisitDetails key={`details-${selected.id}`} visitId={selected.id} />}
      {selected && (
        <VisitActions
          key={selected.id}
          visit={selected}
          onChanged={() => void load(cursors.at(-1), cursors)}
        />
      )}
    </section>
  );
}
