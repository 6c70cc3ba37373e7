// The register of printed documents (R-PRINT-3, R-PRINT-5): current or stale, and a check of
// a copy against the journal now, naming the sheets to reprint when it no longer matches.
import { useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { ErrorBox, Loading } from '../Status';
import { useCall } from '../../hooks/useCall';
import { dateTime } from '../certification/cert-model';

type Check = ResultOf<'print.verify'>;

const STATUS: Record<string, string> = { current: 'актуальна', stale: 'устарела', cancelled: 'аннулирована' };

/** Re-read it by giving it a new key (a job finished). */
export function RegisterPanel({ periodId }: { periodId: string | null }) {
  const register = useCall('print.register', periodId ? { periodId } : null);
  const [checks, setChecks] = useState<Record<string, Check | string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const verify = async (docNo: string) => {
    setBusy(docNo);
    try {
      const c = await call('print.verify', { docNo });
      setChecks((m) => ({ ...m, [docNo]: c }));
      if (c.status !== c.registered) register.reload();
    } catch (err) {
      setChecks((m) => ({ ...m, [docNo]: errorMessage(err) }));
    } finally {
      setBusy(null);
    }
  };
  if (!periodId) return null;
  return (
    <section className="print-register" aria-labelledby="print-register-title">
      <h2 id="print-register-title">Реестр напечатанных документов</h2>
      {register.status === 'loading' && <Loading />}
      {register.status === 'error' && <ErrorBox message={register.error} onRetry={register.reload} />}
      {register.status === 'ok' && register.value.length === 0 && <p className="muted">За этот период документы ещё не печатались.</p>}
      {register.status === 'ok' && register.value.length > 0 && (
        <table className="table compact" data-testid="print-register">
          <thead>
            <tr>
              <th>№ документа</th>
              <th>Документ</th>
              <th>Класс</th>
              <th>Листов</th>
              <th>Напечатан</th>
              <th>Состояние</th>
              <th>Файл</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {register.value.map((e) => {
              const c = checks[e.docNo];
              return (
                <tr key={e.docNo} data-testid="register-row" data-status={e.status} className={e.status === 'stale' ? 'bad' : undefined}>
                  <td className="mono">{e.docNo}</td>
                  <td>{e.kindTitle}</td>
                  <td>{e.className}</td>
                  <td className="num">{e.sheets}</td>
                  <td>{`${dateTime(e.printedAt)}${e.printedByName ? `, ${e.printedByName}` : ''}`}</td>
                  <td data-testid="register-status">
                    {STATUS[e.status] ?? e.status}
                    {e.status === 'stale' && e.staleSheets.length > 0 && <div className="small">{`перепечатать только листы ${e.staleSheets.join(', ')}`}</div>}
                    {c && (
                      <div className="small" data-testid="verify-result">
                        {typeof c === 'string' ? c : c.message}
                      </div>
                    )}
                  </td>
                  <td className="mono path">{e.filePath}</td>
                  <td>
                    <button type="button" className="btn small" data-testid="register-verify" disabled={busy === e.docNo} onClick={() => void verify(e.docNo)}>
                      Проверить
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
