// «Отчёты» (issue 14): the reports this person may ask for, the parameters of the chosen
// one, and the report itself (ReportView) with its click-through — a figure opens the
// journal page behind it, the lessons behind it, a class or another report — and its
// outputs: a workbook, a PDF entered in the register of printed documents, printing. What
// was asked is kept in the route, so «Назад» from a journal page returns to the same report.
import { useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import type { LinkedLesson, ReportLink, ReportParams } from '../../../../shared/report-model';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { ReportParamsForm, defaultParams, type ReportInfo } from '../../components/reports/ReportParamsForm';
import { ReportView } from '../../components/reports/ReportView';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { ListRoute, Navigate } from '../../route';
import type { SessionUser } from '../../types';
import '../../reports.css';

type ReportsRoute = Extract<ListRoute, { screen: 'reports' }>;

interface Props {
  user: SessionUser;
  route: ReportsRoute;
  navigate: Navigate;
}

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

function download(fileName: string, base64: string, format: 'xlsx' | 'pdf'): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: MIME[format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function ReportsScreen({ route, navigate }: Props) {
  const listing = useCall('reports.list', {});
  return (
    <section className="panel reports" aria-labelledby="reports-title">
      <div className="panel-head">
        <h1 id="reports-title">Отчёты</h1>
      </div>
      {listing.status === 'loading' && <Loading />}
      {listing.status === 'error' && <ErrorBox message={listing.error} onRetry={listing.reload} />}
      {listing.status === 'ok' && listing.value.reports.length === 0 && <p className="muted">Вам не доступен ни один отчёт.</p>}
      {listing.status === 'ok' && listing.value.reports.length > 0 && (
        // A new route (another report from a link, or «Назад» from a page) starts the form from it.
        <Reports key={`${route.name ?? ''}|${JSON.stringify(route.params ?? {})}`} listing={listing.value} route={route} navigate={navigate} />
      )}
    </section>
  );
}

function Reports({ listing, route, navigate }: { listing: ResultOf<'reports.list'>; route: ReportsRoute; navigate: Navigate }) {
  const report = listing.reports.find((r) => r.name === route.name) ?? listing.reports[0]!;
  // The form's values: those of the route for its report, else the defaults.
  const [draft, setDraft] = useState<{ name: string; params: ReportParams }>(() => ({
    name: report.name,
    params: route.name === report.name && route.params ? route.params : defaultParams(report, listing),
  }));
  const params = draft.name === report.name ? draft.params : defaultParams(report, listing);
  const pick = (r: ReportInfo) => {
    setDraft({ name: r.name, params: defaultParams(r, listing) });
    navigate({ screen: 'reports', name: r.name });
  };
  // Asking again with the same parameters builds the report again (the journal may have changed).
  const [asked, setAsked] = useState(0);
  const run = () => {
    setAsked((n) => n + 1);
    navigate({ screen: 'reports', name: report.name, params, run: true });
  };
  const missing = report.params.filter((p) => p.required && params[p.name] === undefined);
  return (
    <div className="reports-layout">
      <nav className="reports-list" aria-label="Отчёты">
        <ul>
          {listing.reports.map((r) => (
            <li key={r.name}>
              <button type="button" data-testid={`report-${r.name}`} className={r.name === report.name ? 'report-item active' : 'report-item'} aria-current={r.name === report.name ? 'true' : undefined} onClick={() => pick(r)} title={r.description}>
                {r.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="reports-main">
        <p className="muted report-description">{report.description}</p>
        <form
          className="report-form"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <ReportParamsForm report={report} listing={listing} value={params} onChange={(p) => setDraft({ name: report.name, params: p })} />
          <div className="report-form-actions">
            <button type="submit" className="btn primary" data-testid="report-run" disabled={missing.length > 0} title={missing.length ? `Укажите: ${missing.map((m) => m.title).join(', ')}` : undefined}>
              Составить отчёт
            </button>
            {missing.length > 0 && <span className="muted small">{`Укажите: ${missing.map((m) => m.title).join(', ')}`}</span>}
          </div>
        </form>
        {route.run && route.name === report.name && <Result key={asked} name={report.name} params={route.params ?? {}} route={route} navigate={navigate} />}
      </div>
    </div>
  );
}

function Result({ name, params, route, navigate }: { name: string; params: ReportParams; route: ReportsRoute; navigate: Navigate }) {
  const result = useCall('reports.run', { name, params });
  const [lessons, setLessons] = useState<{ title: string; lessons: readonly LinkedLesson[] } | null>(null);
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | 'print' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = (link: ReportLink) => {
    switch (link.to) {
      case 'page':
        navigate({ screen: 'page', assignmentId: link.assignmentId, lessonId: link.lessonId, date: link.date, back: route });
        return;
      case 'class':
        navigate({ screen: 'class', classId: link.classId });
        return;
      case 'report':
        navigate({ screen: 'reports', name: link.report, params: link.params, run: true });
        return;
      case 'lessons':
        setLessons({ title: link.title, lessons: link.lessons });
    }
  };
  const output = async (kind: 'xlsx' | 'pdf' | 'print') => {
    setBusy(kind);
    setError(null);
    setDone(null);
    try {
      if (kind === 'print') {
        const p = await call('reports.print', { name, params, toPrinter: true });
        const registered = `Отчёт внесён в реестр напечатанных документов под № ${p.docNo} (${p.pages} стр.).`;
        if (p.printerError) {
          setDone(registered);
          setError(p.printerError.message);
        } else setDone(`${registered} Отправлен на принтер${p.printerJob?.printer ? ` «${p.printerJob.printer}»` : ' по умолчанию'}.`);
      } else {
        const f = await call('reports.exportFile', { name, params, format: kind });
        download(f.fileName, f.base64, kind);
        setDone(kind === 'pdf' ? `Файл PDF сохранён; документ № ${f.docNo} внесён в реестр напечатанных документов.` : `Файл Excel сохранён: ${f.fileName}`);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  if (result.status === 'loading') return <Loading text="Отчёт составляется…" />;
  if (result.status === 'error') return <ErrorBox message={result.error} onRetry={result.reload} />;
  return (
    <div className="report-result">
      <div className="report-actions">
        <button type="button" className="btn" data-testid="report-xlsx" disabled={busy !== null} onClick={() => void output('xlsx')}>
          Скачать Excel
        </button>
        <button type="button" className="btn" data-testid="report-pdf" disabled={busy !== null} onClick={() => void output('pdf')}>
          Скачать PDF
        </button>
        <button type="button" className="btn" data-testid="report-print" disabled={busy !== null} onClick={() => void output('print')}>
          Напечатать
        </button>
        {busy && <span className="muted small" role="status">Готовится файл…</span>}
        {done && <span className="report-done small" role="status" data-testid="report-done">{done}</span>}
        <FormError error={error} />
      </div>
      {lessons && (
        <section className="report-lessons" data-testid="report-lessons" aria-label={lessons.title}>
          <div className="report-lessons-head">
            <h3>{lessons.title}</h3>
            <button type="button" className="btn small" onClick={() => setLessons(null)}>
              Закрыть
            </button>
          </div>
          {lessons.lessons.length === 0 ? (
            <p className="muted">Уроков нет.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Дата</th>
                  <th>Класс</th>
                  <th>Предмет</th>
                  <th>Учитель</th>
                  <th>Примечание</th>
                </tr>
              </thead>
              <tbody>
                {lessons.lessons.map((l) => (
                  <tr
                    key={`${l.lessonId}|${l.note ?? ''}`}
                    className="clickable"
                    data-testid="report-lesson"
                    tabIndex={0}
                    onClick={() => open({ to: 'page', assignmentId: l.assignmentId, lessonId: l.lessonId, date: l.date })}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') open({ to: 'page', assignmentId: l.assignmentId, lessonId: l.lessonId, date: l.date });
                    }}
                  >
                    <td>{formatRuDate(l.date)}</td>
                    <td>{l.className}</td>
                    <td>{l.subjectName}</td>
                    <td>{l.teacherName}</td>
                    <td>{l.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <ReportView result={result.value as ReportResultOf} onLink={open} />
    </div>
  );
}

type ReportResultOf = Parameters<typeof ReportView>[0]['result'];
