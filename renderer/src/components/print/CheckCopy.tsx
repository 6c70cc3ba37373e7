// «Проверить копию» (issue 17 item 12, R-PRINT-5): the place the footer of every printed
// document names. The reader types the document number printed on the copy; the app says
// whether the copy still matches the journal and, when not, which sheets to reprint.
// A deputy's or the secretary's check marks a stale copy in the register; the director's
// only reads (print.verify decides, R-ROLE-5).
import { useState, type FormEvent } from 'react';
import type { ResultOf } from '../../../../service/api';
import { CHECK_COPY_TAB } from '../../../../shared/check-copy';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { dateTime } from '../certification/cert-model';
import { FormError } from '../Status';

type Check = ResultOf<'print.verify'>;

export function CheckCopy() {
  const [docNo, setDocNo] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCheck(null);
    void run(async () => setCheck(await call('print.verify', { docNo: docNo.trim() })));
  };
  return (
    <div className="check-copy" data-testid="check-copy">
      <p className="muted">
        Введите номер документа, напечатанный внизу каждого листа копии, — программа сравнит копию с электронным журналом сейчас.
      </p>
      <form className="check-copy-form" onSubmit={submit}>
        <label className="field">
          <span>Номер документа</span>
          <input data-testid="check-copy-docno" value={docNo} maxLength={40} onChange={(e) => setDocNo(e.target.value)} placeholder="2026-15C4-0001" />
        </label>
        <button type="submit" className="btn primary" data-testid="check-copy-submit" disabled={busy || docNo.trim() === ''}>
          {busy ? 'Проверка…' : CHECK_COPY_TAB}
        </button>
        <FormError error={error} />
      </form>
      {check && (
        <div className={check.status === 'current' ? 'banner ok' : 'banner warn'} data-testid="check-copy-result" data-status={check.status} role="status">
          <p><strong>{check.title}</strong>{` · напечатан ${dateTime(check.printedAt)}`}</p>
          <p>{check.message}</p>
          {check.changedSheets.length > 0 && (
            <ul className="small">
              {check.changedSheets.map((s) => <li key={s.sheet}>{`Лист ${s.sheet}: ${s.label}`}</li>)}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
