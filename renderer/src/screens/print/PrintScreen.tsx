// «Печать» (issue 5 item 6): the deputy, the secretary or the administrator chooses a
// document — the copy of a class's journal, a summary sheet of a class, or the term copies
// of the whole school — previews it in the window, saves it as PDF into the print folder
// (entered in the register) or prints it on a chosen printer with copies and both sides.
// Saving and printing run as print jobs off the service's thread, with progress and cancel;
// the register below says which copies still match the journal.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ArgsOf, ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { JobsPanel, usePrintJobs } from '../../components/print/JobsPanel';
import { PdfPreview } from '../../components/print/PdfPreview';
import { PrinterOptions, type PrinterChoice } from '../../components/print/PrinterOptions';
import { RegisterPanel } from '../../components/print/RegisterPanel';
import { sendToPrinter } from '../../components/print/send';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../print.css';

type DocumentKind = ArgsOf<'print.startJob'>['document'];
type Preview = ResultOf<'print.preview'>;

/** The class choice: one class, or every class of the period (the whole school). */
const ALL = 'all';

export function PrintScreen() {
  const choices = useCall('print.choices', {});
  const [kind, setKind] = useState<DocumentKind>('class_copy');
  const [periodId, setPeriodId] = useState<string | null>(null);
  const [classChoice, setClassChoice] = useState<string | null>(null);
  const [draft, setDraft] = useState(false);
  const [printer, setPrinter] = useState<PrinterChoice>({ printer: null, copies: 1, doubleSided: true });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'start' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const { jobs, error: jobsError } = usePrintJobs(nonce);
  // Jobs started with «Напечатать»: sent to the printer when their files are ready.
  const toPrint = useRef(new Map<string, PrinterChoice>());

  const data = choices.value;
  // The documents of a class for a period, as the registry of printed documents declares them.
  const documents = data?.documents ?? [];
  const periods = useMemo(() => data?.periods ?? [], [data]);
  const period = periods.find((p) => p.id === periodId) ?? periods.filter((p) => p.ended).at(-1) ?? periods[0] ?? null;
  const classes = useMemo(() => (data?.classes ?? []).filter((c) => period && c.grade >= period.gradeFrom && c.grade <= period.gradeTo), [data, period]);
  const classId = classChoice === ALL ? ALL : classes.some((c) => c.id === classChoice) ? classChoice : classes[0]?.id ?? null;

  useEffect(() => {
    for (const j of jobs) {
      const choice = toPrint.current.get(j.id);
      if (!choice || j.state === 'running') continue;
      toPrint.current.delete(j.id);
      if (j.printed.length === 0) continue;
      void sendToPrinter(j.printed.map((p) => ({ docNo: p.docNo })), choice).then(setNotice);
    }
  }, [jobs]);

  if (choices.status === 'loading') return <Loading />;
  if (choices.status === 'error') return <ErrorBox message={choices.error} onRetry={choices.reload} />;
  if (!period) return <p className="muted">В журнале нет учебного года с отчётными периодами.</p>;

  const target = () => ({ document: kind, periodId: period.id, allowOpenPeriod: !period.ended && draft });

  const showPreview = async () => {
    setBusy('preview');
    setError(null);
    try {
      // For the whole school the first class shows what every copy looks like.
      const previewClass = classId === ALL ? classes[0]?.id : classId;
      if (!previewClass) throw new Error('Нет классов для этого периода.');
      setPreview(await call('print.preview', { ...target(), classId: previewClass }));
    } catch (err) {
      setPreview(null);
      setError(err instanceof Error && !('code' in err) ? err.message : errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const start = async (thenPrint: boolean) => {
    setBusy('start');
    setError(null);
    setNotice(null);
    try {
      const job = await call('print.startJob', { ...target(), classIds: classId === ALL || !classId ? undefined : [classId] });
      if (thenPrint) toPrint.current.set(job.id, printer);
      setNotice(thenPrint ? 'Документы готовятся к печати: когда файлы будут готовы, они уйдут на принтер.' : `Файлы сохраняются в папку ${job.outDir}.`);
      setNonce((n) => n + 1);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const running = jobs.some((j) => j.state === 'running');
  return (
    <section className="panel print-screen" aria-labelledby="print-title">
      <div className="panel-head">
        <h1 id="print-title">Печать</h1>
        <p className="muted">{`Файлы PDF сохраняются в папку ${data?.outDir ?? ''} и вносятся в реестр напечатанных документов.`}</p>
      </div>
      <div className="print-form">
        <label className="field">
          <span>Документ</span>
          <select data-testid="print-document" value={kind} onChange={(e) => { setKind(e.target.value as DocumentKind); setPreview(null); }}>
            {documents.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Период</span>
          <select data-testid="print-period" value={period.id} onChange={(e) => { setPeriodId(e.target.value); setPreview(null); }}>
            {periods.map((p) => <option key={p.id} value={p.id}>{`${p.name}${p.ended ? '' : ' — не закончился'}`}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Класс</span>
          <select data-testid="print-class" value={classId ?? ''} onChange={(e) => { setClassChoice(e.target.value); setPreview(null); }}>
            {classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            <option value={ALL}>{`Все классы периода (${classes.length})`}</option>
          </select>
        </label>
        {!period.ended && (
          <label className="check">
            <input type="checkbox" data-testid="print-draft" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
            <span>Предварительная распечатка: период ещё не закончился</span>
          </label>
        )}
      </div>
      <PrinterOptions value={printer} onChange={setPrinter} />
      <div className="actions">
        <button type="button" className="btn" data-testid="print-preview-btn" disabled={busy !== null} onClick={() => void showPreview()}>
          {busy === 'preview' ? 'Готовится…' : 'Предпросмотр'}
        </button>
        <button type="button" className="btn" data-testid="print-save-btn" disabled={busy !== null} onClick={() => void start(false)}>
          {classId === ALL ? 'Сохранить PDF всех классов' : 'Сохранить PDF'}
        </button>
        <button type="button" className="btn primary" data-testid="print-print-btn" disabled={busy !== null} onClick={() => void start(true)}>
          {classId === ALL ? 'Напечатать все классы' : 'Напечатать'}
        </button>
        <FormError error={error} />
      </div>
      {notice && <p className="status info" data-testid="print-notice" role="status">{notice}</p>}
      {running && <p className="muted">Печать идёт в отдельном потоке: журналом можно пользоваться, пока она не закончится.</p>}
      <JobsPanel jobs={jobs} error={jobsError} onChanged={() => setNonce((n) => n + 1)} />
      {preview?.pdfBase64 && (
        <PdfPreview
          pdfBase64={preview.pdfBase64}
          title={`${preview.title} · ${preview.pages} стр.${classId === ALL ? ` · образец: ${preview.type === 'document' ? preview.className : ''} класс` : ''}`}
        />
      )}
      <RegisterPanel key={`${period.id}|${jobs.filter((j) => j.state !== 'running').length}`} periodId={period.id} />
    </section>
  );
}
