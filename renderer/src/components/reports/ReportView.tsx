// A report on screen, whatever report it is (issue 14): its title, what it covers, the
// counting rules and formulas, then each part's tables (numbers right-aligned, percentages
// with one decimal, students at risk highlighted, totals bold), charts, texts and signature
// lines. A figure with a link leads on: to the journal page behind it, to the lessons behind
// it, to a class, or to another report.
import type { ReportLink, ReportResult, ReportTable, ReportValue } from '../../../../shared/report-model';
import { formatReportValue, isNumberKind } from '../../../../shared/report-format';
import { ReportChart } from './ReportChart';

interface Props {
  result: ReportResult;
  onLink(link: ReportLink): void;
}

const LINK_TITLES: Readonly<Record<ReportLink['to'], string>> = {
  page: 'Открыть страницу журнала',
  lessons: 'Показать уроки',
  class: 'Открыть класс',
  report: 'Открыть отчёт',
};

function Cell({ value, text, link, onLink }: { value: ReportValue; text: string; link?: ReportLink; onLink(link: ReportLink): void }) {
  if (!link) return <>{text}</>;
  return (
    <button type="button" className="link report-link" data-testid="report-link" data-link={link.to} title={LINK_TITLES[link.to]} onClick={() => onLink(link)} disabled={value === null && link.to !== 'report'}>
      {text}
    </button>
  );
}

function Table({ t, onLink }: { t: ReportTable; onLink(link: ReportLink): void }) {
  return (
    <div className="report-section">
      {t.title && <h3>{t.title}</h3>}
      {t.rows.length === 0 ? (
        <p className="muted" data-testid="report-empty">{t.empty}</p>
      ) : (
        <div className="report-table-wrap">
          <table className="table compact report-table" data-testid="report-table">
            <thead>
              <tr>
                {t.columns.map((c) => (
                  <th key={c.key} className={isNumberKind(c.kind) ? 'num' : undefined} scope="col">
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r, i) => (
                <tr key={i} className={r.mark ? `report-${r.mark}` : undefined} data-mark={r.mark}>
                  {t.columns.map((c) => {
                    const v = r.cells[c.key] ?? null;
                    return (
                      <td key={c.key} className={isNumberKind(c.kind) ? 'num' : c.kind === 'date' ? 'date' : undefined}>
                        <Cell value={v} text={formatReportValue(c.kind, v)} link={r.links?.[c.key]} onLink={onLink} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ReportView({ result, onLink }: Props) {
  return (
    <article className="report-view" data-testid="report-view" data-report={result.name}>
      <header className="report-head">
        <h2 data-testid="report-title">{result.title}</h2>
        {result.subtitle && <p className="muted" data-testid="report-subtitle">{result.subtitle}</p>}
      </header>
      {result.notes.length > 0 && (
        <aside className="report-notes" data-testid="report-notes" aria-label="Как считается">
          <h3>Как считается</h3>
          <ul>
            {result.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </aside>
      )}
      {result.parts.length === 0 && <p className="muted">Нет данных.</p>}
      {result.parts.map((part, pi) => (
        <section key={pi} className="report-part" data-testid="report-part" aria-label={part.title || result.title}>
          {part.title && <h3 className="report-part-title">{part.title}</h3>}
          {part.sections.map((s, si) => {
            switch (s.kind) {
              case 'table':
                return <Table key={si} t={s} onLink={onLink} />;
              case 'chart':
                return <ReportChart key={si} spec={s.chart} title={s.title} />;
              case 'text':
                return (
                  <div key={si} className="report-section report-text">
                    {s.title && <h3>{s.title}</h3>}
                    {s.lines.map((l, i) => (
                      <p key={i}>{l}</p>
                    ))}
                  </div>
                );
              case 'signatures':
                return (
                  <div key={si} className="report-section report-signatures">
                    {s.lines.map((l, i) => (
                      <p key={i}>{l}</p>
                    ))}
                  </div>
                );
            }
          })}
        </section>
      ))}
    </article>
  );
}
