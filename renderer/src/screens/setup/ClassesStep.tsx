// Step «Классы»: each class of the year with its grade, letter, class teacher (who gets the
// class teacher's role with the class, R-ROLE-3) and room. A class with lessons or students
// is not deleted: the service refuses, and the class can be retired instead.
import { useState } from 'react';
import { call } from '../../api';
import { FormError } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { StepHead } from './SetupScreen';
import type { StaffMember, StepProps } from './setup-model';

interface ClassRow {
  id?: string;
  grade: number;
  letter: string;
  classTeacherId: string | null;
  room: string;
}

export function ClassesStep({ view, yearId, onSaved, onOpenStaff }: StepProps & { onOpenStaff(): void }) {
  const staff = useCall('staff.list', {});
  const people = (staff.value ?? []).filter((s) => s.active);
  const [adding, setAdding] = useState(false);
  if (!yearId) return <StepHead title="Классы">Сначала создайте учебный год.</StepHead>;
  return (
    <div className="setup-form" data-testid="classes-step">
      <StepHead title="Классы">
        Классный руководитель выбирается из сотрудников; добавить сотрудников —{' '}
        <button type="button" className="link" onClick={onOpenStaff}>
          в разделе «Сотрудники»
        </button>
        .
      </StepHead>
      <table className="table compact" data-testid="classes-table">
        <thead>
          <tr>
            <th>Параллель</th>
            <th>Буква</th>
            <th>Классный руководитель</th>
            <th>Кабинет</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.classes.map((c) => (
            <ClassRowEdit key={`${c.id}-${c.grade}${c.letter}-${c.classTeacherId ?? ''}-${c.room}`} yearId={yearId} initial={c} people={people} onSaved={onSaved} />
          ))}
          {adding && (
            <ClassRowEdit
              yearId={yearId}
              initial={{ grade: 1, letter: 'А', classTeacherId: null, room: '' }}
              people={people}
              onSaved={() => {
                setAdding(false);
                onSaved();
              }}
              onCancel={() => setAdding(false)}
            />
          )}
        </tbody>
      </table>
      {!adding && (
        <button type="button" className="btn" data-testid="class-add" onClick={() => setAdding(true)}>
          Добавить класс
        </button>
      )}
    </div>
  );
}

function ClassRowEdit({ yearId, initial, people, onSaved, onCancel }: { yearId: string; initial: ClassRow; people: StaffMember[]; onSaved(): void; onCancel?: () => void }) {
  const [c, setC] = useState(initial);
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const [retire, setRetire] = useState(false);
  const action = useAction();
  const changed = JSON.stringify(c) !== JSON.stringify(initial);
  const save = () =>
    void action.run(async () => {
      await call('setup.saveClass', { yearId, ...(c.id ? { classId: c.id } : {}), grade: c.grade, letter: c.letter.trim().toUpperCase(), classTeacherId: c.classTeacherId, room: c.room });
      onSaved();
    });
  const remove = () =>
    c.id &&
    void action.run(async () => {
      try {
        await call('setup.removeClass', { classId: c.id!, reason, retire });
        onSaved();
      } catch (err) {
        setRetire(true); // the service explains; the next press retires the class
        throw err;
      }
    });
  return (
    <tr data-testid="class-row" data-name={c.id ? `${initial.grade}${initial.letter}` : undefined}>
      <td>
        <select aria-label="Параллель" data-testid="class-grade" value={c.grade} onChange={(e) => setC({ ...c, grade: Number(e.target.value) })}>
          {Array.from({ length: 11 }, (_, i) => i + 1).map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input className="setup-letter" aria-label="Буква" data-testid="class-letter" value={c.letter} maxLength={3} onChange={(e) => setC({ ...c, letter: e.target.value })} />
      </td>
      <td>
        <select aria-label="Классный руководитель" data-testid="class-teacher" value={c.classTeacherId ?? ''} onChange={(e) => setC({ ...c, classTeacherId: e.target.value || null })}>
          <option value="">— не назначен —</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.fullName}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input className="setup-room" aria-label="Кабинет" data-testid="class-room" value={c.room} maxLength={20} onChange={(e) => setC({ ...c, room: e.target.value })} />
      </td>
      <td className="setup-row-actions">
        {(changed || !c.id) && (
          <button type="button" className="btn small primary" data-testid="class-save" disabled={action.busy} onClick={save}>
            Сохранить
          </button>
        )}
        {onCancel && (
          <button type="button" className="btn small" onClick={onCancel}>
            Отмена
          </button>
        )}
        {c.id && !removing && (
          <button type="button" className="btn small" onClick={() => setRemoving(true)}>
            Убрать
          </button>
        )}
        {removing && (
          <>
            <input aria-label="Причина" placeholder="Причина" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
            <button type="button" className="btn small" disabled={action.busy} onClick={remove}>
              {retire ? 'Расформировать' : 'Подтвердить'}
            </button>
          </>
        )}
        <FormError error={action.error} />
      </td>
    </tr>
  );
}
