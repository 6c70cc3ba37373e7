// Print jobs of this computer: a progress bar per job (classes and pages done), the class
// being drawn, cancel, and the files when done. Polled while a job runs.
import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';

export type PrintJob = ResultOf<'print.jobs'>[number];

const STATE: Record<PrintJob['state'], string> = { running: 'идёт', done: 'готово', cancelled: 'отменено', failed: 'ошибка' };

/** The jobs, re-read every 400 ms while one runs; `nonce` re-reads at once (a job just started). */
export function usePrintJobs(nonce: number): { jobs: PrintJob[]; error: string | null } {
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  const [error, setError] = useState<string | null>(null);
  const running = jobs.some((j) => j.state === 'running');
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = () => {
      call('print.jobs', {}).then(
        (list) => {
          if (!live) return;
          setJobs(list);
          setError(null);
          if (list.some((j) => j.state === 'running')) timer = setTimeout(poll, 400);
        },
        (err: unknown) => live && setError(errorMessage(err)),
      );
    };
    poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [nonce, running]);
  return { jobs, error };
}

function progressOf(j: PrintJob): number {
  const current = j.current && j.current.pagesTotal > 0 ? j.current.pagesDone / j.current.pagesTotal : 0;
  return j.classesTotal === 0 ? 0 : Math.min(1, (j.classesDone + current) / j.classesTotal);
}

export function JobsPanel({ jobs, error, onChanged }: { jobs: PrintJob[]; error: string | null; onChanged(): void }) {
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const cancel = async (id: string) => {
    setCancelling(id);
    setCancelError(null);
    try {
      await call('print.cancelJob', { jobId: id });
    } catch (err) {
      setCancelError(errorMessage(err));
    } finally {
      setCancelling(null);
      onChanged();
    }
  };
  return (
    <section className="print-jobs" aria-labelledby="print-jobs-title">
      <h2 id="print-jobs-title">Задания печати</h2>
      {error && <p className="status error" role="alert">{error}</p>}
      {cancelError && <p className="status error" role="alert">{cancelError}</p>}
      {jobs.length === 0 && <p className="muted">Заданий ещё не было.</p>}
      <ul className="job-list">
        {jobs.map((j) => {
          const pct = Math.round(progressOf(j) * 100);
          return (
            <li key={j.id} className={`job job-${j.state}`} data-testid="job-row" data-job-state={j.state}>
              <div className="job-head">
                <strong>{j.title}</strong>
                <span className="job-state" data-testid="job-state">{STATE[j.state]}</span>
                {j.state === 'running' && (
                  <button type="button" className="btn small" data-testid="job-cancel" disabled={cancelling === j.id} onClick={() => void cancel(j.id)}>
                    {cancelling === j.id ? 'Отмена…' : 'Отменить'}
                  </button>
                )}
              </div>
              <progress data-testid="job-progress" max={100} value={pct} aria-label={`Готово ${pct} %`} />
              <p className="job-counts" data-testid="job-counts">
                {`Классов: ${j.classesDone} из ${j.classesTotal} · страниц: ${j.pagesDone + (j.current?.pagesDone ?? 0)}`}
                {j.current && ` · сейчас ${j.current.className}${j.current.pagesTotal ? `, стр. ${j.current.pagesDone} из ${j.current.pagesTotal}` : ''}`}
              </p>
              {j.state !== 'running' && <p className="job-message" data-testid="job-message">{j.message}</p>}
              {j.printed.length > 0 && j.state !== 'running' && (
                <details className="job-files">
                  <summary>{`Файлы (${j.printed.length}) — ${j.outDir}`}</summary>
                  <ul>
                    {j.printed.map((p) => (
                      <li key={p.docNo} data-testid="job-file">
                        <span className="mono">{p.docNo}</span> {p.className}: <span className="mono path">{p.file}</span> ({p.sheets} л.)
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
