// «Мой класс» — the class teacher's desk (R-ROLE-3): the class list with each student's
// card (R-REC-10 consent, data corrections, R-REC-8 remarks and praise) and the week's
// absences (R-TIME-6). The administration opens any class with the class picker.
import { useState } from 'react';
import { StudentCard, type Student } from '../../components/class/StudentCard';
import { WeekAbsences } from '../../components/class/WeekAbsences';
import { ParentContact } from '../../components/class/ParentContact';
import { useServiceToday } from '../../components/control/control-model';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { SchoolClass, SessionUser } from '../../types';
import { ClassSelect } from '../../components/ClassSelect';

interface Props {
  user: SessionUser;
  classId: string | null;
  onPickClass(classId: string | null): void;
}

type Tab = 'students' | 'absences' | 'parents';

export function ClassDeskScreen({ user, classId, onPickClass }: Props) {
  const classes = useCall('school.classes', {});
  const today = useServiceToday();
  const [tab, setTab] = useState<Tab>('students');
  const isClassTeacher = user.roles.includes('class_teacher');
  const own = (classes.value ?? []).filter((c) => isClassTeacher && c.classTeacherId === user.id);
  const picksAny = user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'admin');
  const chosen = classId ?? (own.length > 0 ? (own[0]?.id ?? null) : null);
  const cls = (classes.value ?? []).find((c) => c.id === chosen) ?? null;
  const choices = picksAny ? (classes.value ?? []) : own;

  return (
    <section className="panel class-desk" aria-labelledby="class-title">
      <div className="panel-head">
        <h1 id="class-title">{cls ? `${cls.name} класс` : isClassTeacher && !picksAny ? 'Мой класс' : 'Ученики классов'}</h1>
        {choices.length > 1 && (
          <ClassSelect testId="class-desk-select" classes={choices} value={chosen} onChange={onPickClass} emptyLabel="— выберите класс —" />
        )}
      </div>
      {classes.status === 'loading' && <Loading />}
      {classes.status === 'error' && <ErrorBox message={classes.error} onRetry={classes.reload} />}
      {classes.status === 'ok' && !cls && (
        <p className="empty">{choices.length > 0 ? 'Выберите класс.' : 'Вы не назначены классным руководителем в этом учебном году.'}</p>
      )}
      {cls && today && (
        <>
          <div className="tabs" role="tablist" aria-label="Разделы класса">
            <button type="button" role="tab" data-testid="class-tab-students" aria-selected={tab === 'students'} className={tab === 'students' ? 'tab active' : 'tab'} onClick={() => setTab('students')}>
              Ученики
            </button>
            <button type="button" role="tab" data-testid="class-tab-absences" aria-selected={tab === 'absences'} className={tab === 'absences' ? 'tab active' : 'tab'} onClick={() => setTab('absences')}>
              Пропуски за неделю
            </button>
            {(user.roles.some((r) => r === 'deputy' || r === 'director') || (isClassTeacher && cls.classTeacherId === user.id)) && (
              <button type="button" role="tab" data-testid="class-tab-parents" aria-selected={tab === 'parents'} className={tab === 'parents' ? 'tab active' : 'tab'} onClick={() => setTab('parents')}>
                Связь с родителями
              </button>
            )}
          </div>
          <div className="tab-body" role="tabpanel">
            {tab === 'students' && <ClassStudents key={cls.id} cls={cls} user={user} today={today} />}
            {tab === 'absences' && <WeekAbsences key={cls.id} classId={cls.id} today={today} canSetReasons={isClassTeacher && cls.classTeacherId === user.id} />}
            {/* R-REP-7: the class teacher records; deputies and the director read (the service checks). */}
            {tab === 'parents' && <ParentContact key={cls.id} classId={cls.id} today={today} canEdit={isClassTeacher && cls.classTeacherId === user.id} />}
          </div>
        </>
      )}
    </section>
  );
}

function ClassStudents({ cls, user, today }: { cls: SchoolClass; user: SessionUser; today: string }) {
  const list = useCall('classDesk.students', { classId: cls.id });
  const [message, setMessage] = useState<string | null>(null);
  const ownClass = user.roles.includes('class_teacher') && cls.classTeacherId === user.id;
  // The service's rules: data and consent — the class teacher or the administrator; notes — the class teacher.
  const canEdit = ownClass || user.roles.includes('admin');
  const students: readonly Student[] = list.value ?? list.stale ?? [];
  if (list.status === 'loading' && !list.stale) return <Loading />;
  if (list.status === 'error') return <ErrorBox message={list.error} onRetry={list.reload} />;
  const current = students.filter((s) => !s.enrolledTo || s.enrolledTo >= today);
  const noConsent = current.filter((s) => !s.consent);

  return (
    <div data-testid="class-students">
      <p className="muted class-summary">
        Учеников: {current.length}
        {students.length > current.length && ` (и выбывших: ${students.length - current.length})`}
        {' · '}
        {noConsent.length === 0 ? (
          'согласия на обработку ПДн есть у всех'
        ) : (
          <span className="bad-text">
            без согласия на обработку ПДн: {noConsent.length} ({noConsent.map((s) => s.lastName).join(', ')})
          </span>
        )}
      </p>
      {message && (
        <p className="status ok" role="status" data-testid="class-desk-done">
          {message}
        </p>
      )}
      {students.length === 0 ? (
        <p className="empty">В классе нет учеников.</p>
      ) : (
        <div className="student-cards">
          {students.map((s) => (
            <StudentCard
              key={s.id}
              student={s}
              canEdit={canEdit}
              canNote={ownClass}
              today={today}
              onChanged={(m) => {
                setMessage(m);
                list.reload();
              }}
            />
          ))}
        </div>
      )}
    </div>
  );
}
