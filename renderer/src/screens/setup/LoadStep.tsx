// Step «Нагрузка» (тарификация, R-ROLE-2): who teaches which subject in which class, hours a
// week. The subjects of a class's grade plan are offered first with the plan's hours; what
// the curriculum asks and no one teaches yet is listed by the checklist.
import { useState } from 'react';
import { call } from '../../api';
import { FormError } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { Saved, StepHead } from './SetupScreen';
import { hoursText, isTeacherMember, parseHours, type StepProps } from './setup-model';

export function LoadStep({ view, yearId, onSaved }: StepProps) {
  const staff = useCall('staff.list', {});
  const subjects = useCall('curriculum.subjects', {});
  const plan = useCall('curriculum.plan', yearId ? { yearId } : null);
  const teachers = (staff.value ?? []).filter(isTeacherMember);
  const subjectList = (subjects.value ?? []).filter((s) => !s.retired);
  const lines = plan.value ?? [];
  const [pickedClass, setClassId] = useState('');
  const classId = pickedClass || (view.classes[0]?.id ?? '');
  const [subjectId, setSubjectId] = useState('');
  const [teacherId, setTeacherId] = useState('');
  const [hours, setHours] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  if (!yearId) return <StepHead title="Нагрузка">Сначала создайте учебный год.</StepHead>;
  const cls = view.classes.find((c) => c.id === classId);
  const inPlan = lines.filter((l) => l.grade === cls?.grade);
  const ordered = [...subjectList].sort((a, b) => Number(inPlan.some((l) => l.subjectId === b.id)) - Number(inPlan.some((l) => l.subjectId === a.id)));
  const pickSubject = (id: string) => {
    setSubjectId(id);
    const line = inPlan.find((l) => l.subjectId === id);
    if (line) setHours(hoursText(line.hoursPerWeek));
  };
  const existing = view.assignments.find((a) => a.classId === classId && a.subjectId === subjectId && !a.subgroup);
  const save = () =>
    void action.run(async () => {
      await call('curriculum.saveAssignment', { yearId, ...(existing ? { assignmentId: existing.id } : {}), classId, subjectId, teacherId, hoursPerWeek: parseHours(hours) });
      setSaved(`Нагрузка сохранена: ${subjectList.find((s) => s.id === subjectId)?.name ?? ''}, ${cls?.name ?? ''}.`);
      onSaved();
    });
  return (
    <div className="setup-form" data-testid="load-step">
      <StepHead title="Нагрузка (тарификация)">Учитель ведёт предмет в классе столько-то часов в неделю. Выберите строку таблицы, чтобы изменить её.</StepHead>
      <div className="setup-inline" data-testid="load-form">
        <label className="field">
          <span>Класс</span>
          <select data-testid="load-class" value={classId} onChange={(e) => setClassId(e.target.value)}>
            {view.classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Предмет</span>
          <select data-testid="load-subject" value={subjectId} onChange={(e) => pickSubject(e.target.value)}>
            <option value="">— выберите —</option>
            {ordered.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {inPlan.some((l) => l.subjectId === s.id) ? '' : ' (нет в плане)'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Учитель</span>
          <select data-testid="load-teacher" value={teacherId} onChange={(e) => setTeacherId(e.target.value)}>
            <option value="">— выберите —</option>
            {teachers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.fullName}
              </option>
            ))}
          </select>
        </label>
        <label className="field setup-narrow">
          <span>Часов</span>
          <input className="setup-hours" data-testid="load-hours" value={hours} maxLength={4} onChange={(e) => setHours(e.target.value)} />
        </label>
        <button type="button" className="btn primary" data-testid="load-save" disabled={action.busy || !classId || !subjectId || !teacherId || !hours.trim()} onClick={save}>
          {existing ? 'Изменить' : 'Добавить'}
        </button>
        <FormError error={action.error} />
        <Saved text={saved} testId="load-saved" />
      </div>
      <table className="table compact" data-testid="load-table">
        <thead>
          <tr>
            <th>Класс</th>
            <th>Предмет</th>
            <th>Учитель</th>
            <th>Часов в неделю</th>
          </tr>
        </thead>
        <tbody>
          {view.assignments.map((a) => (
            <tr
              key={a.id}
              data-testid="load-row"
              className="setup-clickable"
              onClick={() => {
                setClassId(a.classId);
                setSubjectId(a.subjectId);
                setTeacherId(a.teacherId);
                setHours(hoursText(a.hoursPerWeek));
              }}
            >
              <td>{a.className}</td>
              <td>
                {a.subject}
                {a.subgroup ? ` (${a.subgroup})` : ''}
              </td>
              <td>{a.teacher}</td>
              <td>{hoursText(a.hoursPerWeek)}</td>
            </tr>
          ))}
          {view.assignments.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                Нагрузки ещё нет.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
