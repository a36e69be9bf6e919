// Reports: choose a range of the site's days (and a visitor type or host), then read the totals, dwell
// time, arrivals by hour and weekday, peak hours, the day-by-day log and the security exceptions, and
// export them as CSV or PDF. Reception and admins see everything; security sees the exceptions.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_REPORT_DAYS,
  type ExceptionReport,
  type ReportFilter,
  type VisitReport,
} from '../../../shared/api/reports';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { localName, useDates } from '../../format';
import {
  downloadBase64,
  HostPicker,
  siteTodayIn,
  useAction,
  useFormatDateTime,
  TypeSelect,
  HeaderRow,
} from './shared';

type Host = { id: string; name: string; department: string | null };

/** YYYY-MM-DD `days` before the given date. */
const daysBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

export function ReportsPanel() {
  const { t, i18n } = useTranslation();
  const { client, mayCall, status } = useStation();
  const { busy, error, run } = useAction();
  const today = siteTodayIn(status.site?.timezone);
  const [from, setFrom] = useState(daysBefore(today, 6));
  const [to, setTo] = useState(today);
  const [typeId, setTypeId] = useState('');
  const [host, setHost] = useState<Host | null>(null);
  const [visits, setVisits] = useState<VisitReport | null>(null);
  const [exceptions, setExceptions] = useState<ExceptionReport | null>(null);
  const language = (['en', 'es', 'fr', 'de'] as const).find((l) => l === i18n.resolvedLanguage) ?? 'en';

  const filter = (): ReportFilter => ({
    from,
    to,
    ...(typeId ? { visitorTypeId: typeId } : {}),
    ...(host ? { hostId: host.id } : {}),
  });
  // Said here in the screen's language before asking; the station refuses a bad range either way.
  const rangeProblem =
    from > to
      ? t('reports.backwards')
      : Date.parse(to) - Date.parse(from) >= MAX_REPORT_DAYS * 86_400_000
        ? t('reports.tooLong', { max: MAX_REPORT_DAYS })
        : null;
  const [shownProblem, setShownProblem] = useState<string | null>(null);
  const show = async (e: FormEvent) => {
    e.preventDefault();
    setShownProblem(rangeProblem);
    if (rangeProblem) {
      setVisits(null);
      setExceptions(null);
      return;
    }
    const f = filter();
    const result = await run(async () => ({
      visits: mayCall('reports.visits') ? await client.reports.visits(f) : null,
      exceptions: await client.reports.exceptions(f),
    }));
    if (result) {
      setVisits(result.visits);
      setExceptions(result.exceptions);
    }
  };
  const exportReport = async (format: 'csv' | 'pdf') => {
    const file = await run(() => client.reports.export({ filter: filter(), format, language }));
    if (file) downloadBase64(file);
  };
  const exportExceptions = async () => {
    const file = await run(() => client.reports.exportExceptions({ filter: filter() }));
    if (file) downloadBase64(file);
  };

  return (
    <section className="desk-panel" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <form className="desk-form" onSubmit={(e) => void show(e)} aria-label={t('reports.filter')}>
        <label>
          {t('reports.from')}
          <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <TypeSelect
          label={t('reports.type')}
          emptyLabel={t('reports.anyType')}
          value={typeId}
          onChange={setTypeId}
        />
        <HostPicker label={t('reports.host')} value={host} onChange={setHost} />
        <button type="submit" className="small-button small-button--primary" disabled={busy}>
          {t('reports.show')}
        </button>
      </form>
      {shownProblem && (
        <p className="desk-problem" role="alert">
          {shownProblem}
        </p>
      )}
      <ErrorAlert
        error={error}
        fieldLabels={{ from: t('reports.from'), to: t('reports.to'), hostId: t('reports.host') }}
      />
      {visits && (
        <VisitSections report={visits} busy={busy} onExport={(format) => void exportReport(format)} />
      )}
      {exceptions && (
        <ExceptionSection report={exceptions} busy={busy} onExport={() => void exportExceptions()} />
      )}
    </section>
  );
}

function VisitSections({
  report,
  busy,
  onExport,
}: {
  report: VisitReport;
  busy: boolean;
  onExport: (format: 'csv' | 'pdf') => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormatDateTime();
  const dates = useDates();
  const language = i18n.resolvedLanguage ?? 'en';
  const weekday = (i: number) =>
    // 1 January 2024 was a Monday.
    new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i));
  const minutes = (value: number | null) => (value === null ? '—' : t('reports.minutes', { value }));
  const { dwell } = report;

  return (
    <>
      <p role="status" className="reports-totals">
        {t('reports.totals', report.totals)}
      </p>
      <p>
        <button type="button" className="small-button" disabled={busy} onClick={() => onExport('csv')}>
          {t('reports.exportCsv')}
        </button>{' '}
        <button type="button" className="small-button" disabled={busy} onClick={() => onExport('pdf')}>
          {t('reports.exportPdf')}
        </button>
      </p>
      <h2>{t('reports.dwell')}</h2>
      {dwell.count === 0 ? (
        <p className="empty">{t('reports.noDwell')}</p>
      ) : (
        <dl className="counters" aria-label={t('reports.dwell')}>
          {(
            [
              ['median', dwell.medianMinutes],
              ['mean', dwell.meanMinutes],
              ['p90', dwell.p90Minutes],
              ['max', dwell.maxMinutes],
            ] as const
          ).map(([key, value]) => (
            <div className="counter" key={key}>
              <dt>{t(`reports.${key}`)}</dt>
              <dd>{minutes(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="reports-charts">
        <BarChart
          title={t('reports.byHour')}
          bars={report.byHour.map((value, hour) => ({ label: String(hour), value }))}
        />
        <BarChart
          title={t('reports.byWeekday')}
          bars={report.byWeekday.map((value, i) => ({ label: weekday(i), value }))}
        />
      </div>
      <h2>{t('reports.peakHours')}</h2>
      {report.peakHours.length === 0 ? (
        <p className="empty">{t('reports.none')}</p>
      ) : (
        <ol aria-label={t('reports.peakHours')}>
          {report.peakHours.map((p) => (
            <li key={`${p.date} ${p.hour}`}>
              {t('reports.peakLine', {
                date: dates.day(p.date),
                time: dates.hourOf(p.date, p.hour),
                count: p.arrivals,
              })}
            </li>
          ))}
        </ol>
      )}
      <h2>{t('reports.days')}</h2>
      <table className="dense">
        <caption className="visually-hidden">{t('reports.days')}</caption>
        <HeaderRow
          keys={[
            'reports.columns.date',
            'reports.columns.visits',
            'reports.columns.arrivals',
            'reports.columns.noShows',
          ]}
        />
        <tbody>
          {report.days.map((d) => (
            <tr key={d.date}>
              <td className="num">{dates.day(d.date, 'short')}</td>
              <td className="num">{d.visits}</td>
              <td className="num">{d.arrivals}</td>
              <td className="num">{d.noShows}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('reports.log')}</h2>
      <p className="desk-hint">
        {t('reports.logShown', { shown: report.log.length, total: report.logTotal })}
      </p>
      <table className="dense">
        <caption className="visually-hidden">{t('reports.log')}</caption>
        <HeaderRow
          keys={[
            'desk.columns.expected',
            'desk.columns.visitor',
            'desk.columns.host',
            'desk.columns.type',
            'reports.columns.checkedIn',
            'reports.columns.checkedOut',
            'reports.columns.dwell',
            'desk.columns.status',
          ]}
        />
        <tbody>
          {report.log.map((e) => (
            <tr key={e.visitId}>
              <td className="num">{format(e.expectedAt)}</td>
              <td>{e.visitorName}</td>
              <td>{e.hostName ?? '—'}</td>
              <td>{e.visitorTypeNames ? localName(e.visitorTypeNames, language) : ''}</td>
              <td className="num">{format(e.checkedInAt)}</td>
              <td className="num">{format(e.checkedOutAt)}</td>
              <td className="num">{e.dwellMinutes === null ? '' : minutes(e.dwellMinutes)}</td>
              <td>
                <span className={`status status--${e.status}`}>{t(`visitStatus.${e.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * A bar chart as plain SVG: two small charts of 24 and 7 bars do not justify a charting library (recharts
 * brings d3 and ~100 kB to the bundle). The image is labelled with every value for screen readers.
 * Positions are percentages of the chart's width, not a viewBox that scales: a viewBox scaled the text with
 * the number of bars (tiny hour labels beside huge weekday labels), while this keeps every label at the
 * CSS size. With many bars (hours) only every other bar is labelled and the values are in each bar's
 * tooltip, so labels never run into each other.
 */
function BarChart({ title, bars }: { title: string; bars: { label: string; value: number }[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = 100;
  const many = bars.length > 12;
  const slot = 100 / bars.length;
  const description = bars.map((b) => t('reports.bar', b)).join(', ');
  return (
    <figure className="reports-chart">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={`${title}: ${description}`} width="100%" height={height + 36}>
        {bars.map((bar, i) => {
          const h = (bar.value / max) * height;
          return (
            <g key={bar.label}>
              <rect
                x={`${i * slot + slot * 0.1}%`}
                y={height - h + 16}
                width={`${slot * 0.8}%`}
                height={h}
                className="reports-chart__bar"
              >
                <title>{t('reports.bar', bar)}</title>
              </rect>
              {!many && bar.value > 0 && (
                <text
                  x={`${i * slot + slot / 2}%`}
                  y={height - h + 12}
                  textAnchor="middle"
                  className="reports-chart__value"
                >
                  {bar.value}
                </text>
              )}
              {(!many || i % 2 === 0) && (
                <text
                  x={`${i * slot + slot / 2}%`}
                  y={height + 32}
                  textAnchor="middle"
                  className="reports-chart__label"
                >
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function ExceptionSection({
  report,
  busy,
  onExport,
}: {
  report: ExceptionReport;
  busy: boolean;
  onExport: () => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormatDateTime();
  // A gate refusal's detail is a reason code the gate screen already words; an incident's is its title.
  const detail = (text: string | null) =>
    text && i18n.exists(`gateMode.reasons.${text}`) ? t(`gateMode.reasons.${text}`) : (text ?? '');
  return (
    <>
      <h2>{t('reports.exceptions')}</h2>
      <dl className="counters" aria-label={t('reports.exceptions')}>
        {Object.entries(report.counts).map(([kind, n]) => (
          <div className="counter" key={kind}>
            <dt>{t(`reports.kinds.${kind}`)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <p>
        <button type="button" className="small-button" disabled={busy} onClick={onExport}>
          {t('reports.exportExceptions')}
        </button>
      </p>
      {report.exceptions.length === 0 ? (
        <p className="empty">{t('reports.noExceptions')}</p>
      ) : (
        <table className="dense">
          <caption className="visually-hidden">{t('reports.exceptions')}</caption>
          <HeaderRow
            keys={[
              'reports.columns.at',
              'reports.columns.kind',
              'desk.columns.visitor',
              'reports.columns.detail',
            ]}
          />
          <tbody>
            {report.exceptions.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td className="num">{format(e.at)}</td>
                <td>{t(`reports.kinds.${e.kind}`)}</td>
                <td>{e.visitorName ?? '—'}</td>
                <td>{detail(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
