// «Окончание года» (the administrator, R-ROLE-6): the year marks still missing, the
// decision proposed for every student (promoted, conditionally with academic debts, kept
// back, graduated) with the administrator's overrides, next year prepared as a copy of
// this one, then the year closed by the director's order. After closing: the decisions
// and next year's classes, and the list of promoted students of each class to print.
import { useState } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../people.css';

type Decision = 'promoted' | 'conditional' | 'kept' | 'graduated' | 'left';
const DECISIONS: Decision[] = ['promoted', 'conditional', 'kept', 'graduated', 'left'];

export function YearCloseScreen() {
  const st = useCall('yearClose.status', {}, { followSync: true });
  const v = st.value ?? st.stale;
  const [overrides, setOverrides] = useState<Record<string, Decision>>({});
  const [ack, setAck] = useState(false);
  const [orderNumber, setOrderNumber] = useState('');
  const [orderDate, setOrderDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [classFilter, setClassFilter] = useState<string>('');

  async function run(what: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
      st.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  if (!v) return <section className="panel people-screen">{st.status === 'error' ? <ErrorBox message={st.error} onRetry={st.reload} /> : <Loading />}</section>;
  const closed = v.year.status === 'closed';
  const classes = classFilter ? v.classes.filter((c) => c.classId === classFilter) : v.classes;

  return (
    <section className="panel people-screen" aria-labelledby="yc-title" data-testid="year-close">
      <div className="panel-head">
        <h1 id="yc-title">Окончание учебного года {v.year.name}</h1>
      </div>
      <p className={closed ? 'status ok' : 'status info'} role="status" data-testid="yc-state" data-status={v.year.status}>
        {closed
          ? `Учебный год закрыт приказом № ${v.year.closedOrderNo ?? ''} от ${v.year.closedOrderDate ? formatRuDate(v.year.closedOrderDate) : ''}. Журнал года доступен для просмотра и печати.`
          : `Последний учебный день — ${formatRuDate(v.year.lastDay)}. Учеников: ${v.totals.students}, с академической задолженностью: ${v.totals.withDebts}, не выставлено годовых отметок: ${v.totals.missing}.`}
      </p>
      {message && <p className={message.ok ? 'status ok' : 'status error'} role="alert" data-testid="yc-message">{message.text}</p>}

      <h2>Следующий учебный год</h2>
      {v.nextYear ? (
        <p data-testid="yc-next">Учебный год {v.nextYear.name} подготовлен: классов {v.nextYear.classes.length} ({v.nextYear.classes.map((c) => c.name).join(', ')}).</p>
      ) : (
        <p data-testid="yc-next">
          Следующий год ещё не создан. Он создаётся как копия этого: периоды и каникулы, учебный план, классы на год старше с теми же буквами и классными руководителями.{' '}
          <button type="button" className="btn" data-testid="yc-prepare" disabled={busy || closed} onClick={() => void run(async () => {
            const r = await call('yearClose.prepareNextYear', {});
            return `Учебный год ${r.name} подготовлен: классов ${r.classes.length}, строк учебного плана ${r.curriculum}.`;
          })}>Подготовить следующий год</button>
        </p>
      )}

      {!closed && v.missing.length > 0 && (
        <>
          <h2>Не выставлены годовые отметки ({v.missing.length})</h2>
          <div className="yc-scroll" style={{ maxHeight: 150, overflow: 'auto' }}>
            <table className="table" data-testid="yc-missing">
              <thead><tr><th>Класс</th><th>Предмет</th><th>Учитель</th><th>Ученик</th></tr></thead>
              <tbody>
                {v.missing.slice(0, 200).map((m) => (
                  <tr key={m.key}><td>{m.className}</td><td>{m.subjectName}</td><td>{m.teacherName}</td><td>{m.studentName}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          {v.missing.length > 200 && <p>… и ещё {v.missing.length - 200}.</p>}
          <label><input type="checkbox" data-testid="yc-ack" checked={ack} onChange={(e) => setAck(e.target.checked)} /> Закрыть год без недостающих годовых отметок (каждая из них подтверждается)</label>
        </>
      )}

      <h2>Решения по ученикам</h2>
      <label>Класс:{' '}
        <select data-testid="yc-class" value={classFilter} onChange={(e) => setClassFilter(e.target.value)}>
          <option value="">все классы</option>
          {v.classes.map((c) => <option key={c.classId} value={c.classId}>{c.className}</option>)}
        </select>
      </label>
      {classFilter && closed && (
        <button type="button" className="btn" data-testid="yc-print-list" disabled={busy} onClick={() => void run(async () => {
          const r = await call('yearClose.printList', { classId: classFilter });
          return `Список переведённых напечатан: документ № ${r.docNo}, файл ${r.file}.`;
        })}>Напечатать список переведённых</button>
      )}
      <div style={{ maxHeight: 300, overflow: 'auto' }}>
        <table className="table" data-testid="yc-decisions">
          <thead><tr><th>Класс</th><th>Ученик</th><th>Задолженность</th><th>Решение</th><th>В класс</th></tr></thead>
          <tbody>
            {classes.flatMap((c) => c.students.map((s) => {
              const decision = s.decided?.decision ?? overrides[s.studentId] ?? s.proposed;
              return (
                <tr key={s.studentId} data-testid="yc-row" data-student={s.studentId} data-decision={decision}>
                  <td>{c.className}</td>
                  <td>{s.name}</td>
                  <td>{s.debts.join(', ')}</td>
                  <td>
                    {closed ? v.decisionWords[decision] : (
                      <select aria-label={`Решение: ${s.name}`} value={decision} onChange={(e) => setOverrides({ ...overrides, [s.studentId]: e.target.value as Decision })}>
                        {DECISIONS.map((d) => <option key={d} value={d}>{v.decisionWords[d]}</option>)}
                      </select>
                    )}
                  </td>
                  <td>{s.decided ? (s.decided.toClassName ?? '—') : decision === s.proposed ? (s.proposedToClass?.name ?? '—') : ''}</td>
                </tr>
              );
            }))}
          </tbody>
        </table>
      </div>

      {!closed && (
        <form className="yc-close" onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await call('yearClose.close', {
              orderNumber, orderDate: orderDate || undefined,
              decisions: Object.entries(overrides).map(([studentId, decision]) => ({ studentId, decision })),
              acknowledgeMissing: ack ? v.missing.map((m) => m.key) : [],
            });
            return `Учебный год ${r.yearName} закрыт: переведено ${r.counts.promoted}, условно ${r.counts.conditional}, оставлено ${r.counts.kept}, выпущено ${r.counts.graduated}.`;
          });
        }}>
          <h2>Приказ директора</h2>
          <label>Номер приказа <input data-testid="yc-order-no" value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} /></label>{' '}
          <label>Дата приказа <input type="date" data-testid="yc-order-date" value={orderDate} onChange={(e) => setOrderDate(e.target.value)} /></label>{' '}
          <button type="submit" className="btn primary" data-testid="yc-close" disabled={busy}>Закрыть год</button>
        </form>
      )}
    </section>
  );
}
