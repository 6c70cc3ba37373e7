// «Движение учеников» (R-REC-9): arrivals, departures and transfers between classes, each
// by an order with its number and date. The administrator records them (R-ROLE-6); the
// administration reads the list. A move takes effect from its date on every journal page,
// summary and printed copy: in the old class until the day before, in the new one from it.
import { useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { ClassSelect } from '../../components/ClassSelect';
import { useServiceToday } from '../../components/control/control-model';
import { DateField } from '../../components/DateField';
import { StudentPicker, studentLine, type FoundStudent } from '../../components/people/StudentPicker';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../people.css';

type Kind = 'arrival' | 'departure' | 'transfer';
const KINDS: readonly { kind: Kind; label: string }[] = [
  { kind: 'transfer', label: 'перевод в другой класс' },
  { kind: 'departure', label: 'выбытие из школы' },
  { kind: 'arrival', label: 'прибытие (возвращение выбывшего)' },
];

/** An order's number as typed, without a «№» of its own (it is written before it here). */
const bareNumber = (n: string) => n.replace(/^№\s*/, '');

export function MovementScreen({ canRecord }: { canRecord: boolean }) {
  const list = useCall('movement.list', {}, { followSync: true, items: (v) => v });
  const [done, setDone] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const rows = list.value ?? list.stale;

  return (
    <section className="panel people-screen" aria-labelledby="movement-title">
      <div className="panel-head">
        <h1 id="movement-title">Движение учеников</h1>
      </div>
      <p className="muted">
        Прибытие, выбытие и перевод записываются по приказу. С даты движения ученик виден в новом классе на всех страницах журнала, в сводных
        ведомостях и печатных копиях; в прежнем классе — по предыдущий день.
      </p>
      {done && (
        <p className="status ok" role="status" data-testid="movement-done">
          {done}
        </p>
      )}
      {canRecord && (
        <MovementForm
          key={formKey}
          onRecorded={(text) => {
            setDone(text);
            setFormKey((k) => k + 1);
            list.reload();
          }}
        />
      )}
      <h2>Записанное движение</h2>
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {!rows && list.status === 'loading' && <Loading />}
      {rows && rows.length === 0 && <p className="empty">В этом учебном году движения учеников не было.</p>}
      {rows && rows.length > 0 && (
        <table className="table movement-table" data-testid="movement-table">
          <thead>
            <tr>
              <th>Дата</th>
              <th>Ученик</th>
              <th>Движение</th>
              <th>Из класса</th>
              <th>В класс</th>
              <th>Приказ</th>
              <th>Примечание</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id} data-testid="movement-row" data-kind={m.kind} className={list.changed.has(m.id) ? 'changed' : undefined}>
                <td>{formatRuDate(m.date)}</td>
                <td>{m.student}</td>
                <td>{m.kindName}</td>
                <td>{m.fromClass ?? '—'}</td>
                <td>{m.toClass ?? '—'}</td>
                <td className="nowrap">
                  № {bareNumber(m.orderNumber)} от {formatRuDate(m.orderDate)}
                </td>
                <td>{m.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MovementForm({ onRecorded }: { onRecorded(text: string): void }) {
  const classes = useCall('school.classes', {});
  const today = useServiceToday();
  const [student, setStudent] = useState<FoundStudent | null>(null);
  const [kind, setKind] = useState<Kind>('transfer');
  const [date, setDate] = useState('');
  const [toClassId, setToClassId] = useState<string | null>(null);
  const [orderNumber, setOrderNumber] = useState('');
  const [orderDate, setOrderDate] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsClass = kind !== 'departure';
  const targets = (classes.value ?? []).filter((c) => c.id !== student?.classId || kind === 'arrival');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!student) return setError('Выберите ученика: начните вводить фамилию.');
    if (!date) return setError('Укажите дату движения в виде дд.мм.гггг.');
    if (needsClass && !toClassId) return setError('Выберите класс.');
    if (!orderDate) return setError('Укажите дату приказа в виде дд.мм.гггг.');
    setBusy(true);
    try {
      const r = await call('movement.record', {
        studentId: student.studentId,
        kind,
        date,
        ...(needsClass && toClassId ? { toClassId } : {}),
        orderNumber,
        orderDate,
        note,
      });
      const name = (id: string | null) => (classes.value ?? []).find((c) => c.id === id)?.name;
      const where =
        kind === 'transfer' ? `переведён(а) из ${name(r.fromClassId) ?? ''} в ${name(r.toClassId) ?? ''}` : kind === 'departure' ? `выбыл(а) из ${name(r.fromClassId) ?? ''}` : `прибыл(а) в ${name(r.toClassId) ?? ''}`;
      onRecorded(`Записано: ${student.name} ${where} с ${formatRuDate(r.date)}, приказ № ${bareNumber(orderNumber.trim())} от ${formatRuDate(orderDate)}.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="people-form movement-form" data-testid="movement-form" onSubmit={submit} aria-labelledby="movement-form-title">
      <h2 id="movement-form-title">Записать движение</h2>
      <div className="people-row">
        <StudentPicker testId="movement-student" label="Ученик" onPick={setStudent} className="movement-student" />
        <label className="field">
          <span>Движение</span>
          <select data-testid="movement-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{kind === 'departure' ? 'Первый день вне школы' : 'Первый день в классе'}</span>
          <DateField testId="movement-date" value={date} onChange={setDate} required />
        </label>
        {needsClass && <ClassSelect testId="movement-class" classes={targets} value={toClassId} onChange={setToClassId} emptyLabel="— класс —" label="В класс" className="field" />}
      </div>
      {student && (
        <p className="muted small-text" data-testid="movement-chosen">
          Выбран: {studentLine(student)}
          {student.left ? ' (выбыл)' : ''}
        </p>
      )}
      <div className="people-row">
        <label className="field">
          <span>Приказ №</span>
          <input data-testid="movement-order-number" required maxLength={30} value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
        </label>
        <label className="field">
          <span>Дата приказа</span>
          <DateField testId="movement-order-date" value={orderDate} onChange={setOrderDate} max={today ?? undefined} required />
        </label>
        <label className="field movement-note">
          <span>Примечание (откуда, куда)</span>
          <input data-testid="movement-note" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      <div className="form-actions">
        <button data-testid="movement-save" type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Сохранение…' : 'Записать'}
        </button>
        {error && (
          <span className="form-error" role="alert" data-testid="movement-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
