// "Обзор школы" for the administration (R-REP-1): one period at a time — each grade's period
// under way, or a chosen quarter or half-year. Per class: lessons due by the timetable on the
// period's past days, the lessons never filled (no record of the lesson, or a record without
// a topic), the share with a topic and with homework, marks, period marks. Per teacher: the
// same unfilled lessons. A count opens the list of those lessons; a lesson opens its page on
// its date.
import { formatRuDate, WEEKDAY_NAMES, weekday } from '../../../shared/dates';
import { ErrorBox, Loading } from '../components/Status';
import { percent } from '../format';
import { useCall } from '../hooks/useCall';
import type { OverviewView } from '../route';
import type { ClassOverview, SchoolOverviewData } from '../types';
import '../control.css';

/** Below these shares of lessons with a topic / homework a class is flagged for the deputy's attention. */
const LOW_PERCENT = 90;
const VERY_LOW_PERCENT = 60;

const DEFAULT_VIEW: OverviewView = { periodId: null, tab: 'classes' };

interface Props {
  view?: OverviewView;
  onView(view: OverviewView): void;
  onOpenClass(classId: string): void;
  onOpenPage(assignmentId: string, date: string, lessonId?: string): void;
}

export function SchoolOverview({ view = DEFAULT_VIEW, onView, onOpenClass, onOpenPage }: Props) {
  const data = useCall('school.overview', { ...(view.periodId ? { periodId: view.periodId } : {}), ...(view.scope ? { scope: view.scope } : {}) });
  const o = data.value ?? data.stale;
  if (!o && data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox message={data.error} onRetry={data.reload} />;
  if (!o) return <Loading />;
  const set = (patch: Partial<OverviewView>) => onView({ ...view, ...patch });

  return (
    <section className="overview" aria-labelledby="overview-title">
      <div className="panel-head">
        <h1 id="overview-title">Обзор школы</h1>
        <label className="period-select overview-period">
          <span>Период</span>
          <select data-testid="overview-period" value={view.periodId ?? ''} onChange={(e) => onView({ ...view, periodId: e.target.value || null, unfilled: undefined })}>
            <option value="">Текущий ({shownNames(o)})</option>
            {o.periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({formatRuDate(p.startsOn).slice(0, 5)}–{formatRuDate(p.endsOn)}, {p.gradeFrom === p.gradeTo ? `${p.gradeFrom}` : `${p.gradeFrom}–${p.gradeTo}`} кл.)
              </option>
            ))}
          </select>
        </label>
        {o.myGrades.length > 0 && (
          <label className="period-select overview-scope">
            <span>Классы</span>
            <select data-testid="overview-scope" value={o.scope} onChange={(e) => onView({ ...view, scope: e.target.value === 'all' ? 'all' : 'mine', unfilled: undefined })}>
              <option value="mine">Мои параллели ({o.myGrades.join(', ')})</option>
              <option value="all">Вся школа</option>
            </select>
          </label>
        )}
      </div>
      <p className="muted overview-note" data-testid="overview-note">
        {o.year} учебный год · {o.shown.map((p) => `${p.name}: ${formatRuDate(p.startsOn)} — ${formatRuDate(p.endsOn)}`).join('; ')}
        {' · '}уроки по расписанию учтены по {formatRuDate(o.countedUntil)}
      </p>
      {view.unfilled ? (
        <UnfilledList view={view} date={o.date} onBack={() => set({ unfilled: undefined })} onOpenPage={onOpenPage} />
      ) : (
        <>
          <dl className="totals">
            <Total label="Учеников" value={o.totals.students} />
            <Total label="Учителей" value={o.totals.teachers} />
            <Total label="Уроков по расписанию" value={o.totals.due} />
            <Total label="Нет записи урока" value={o.totals.missing} testId="overview-total-missing" bad={o.totals.missing > 0} />
            <Total label="Без темы" value={o.totals.empty} testId="overview-total-empty" bad={o.totals.empty > 0} />
            <Total label="Отметок" value={o.totals.marks} />
          </dl>
          <div className="tabs" role="tablist" aria-label="Обзор по классам или по учителям">
            <button type="button" role="tab" data-testid="overview-tab-classes" aria-selected={view.tab === 'classes'} className={view.tab === 'classes' ? 'tab active' : 'tab'} onClick={() => set({ tab: 'classes' })}>
              По классам
            </button>
            <button type="button" role="tab" data-testid="overview-tab-teachers" aria-selected={view.tab === 'teachers'} className={view.tab === 'teachers' ? 'tab active' : 'tab'} onClick={() => set({ tab: 'teachers' })}>
              По учителям
            </button>
          </div>
          {view.tab === 'classes' ? (
            <ClassTable o={o} onOpenClass={onOpenClass} onUnfilled={(c) => set({ unfilled: { classId: c.id, title: `${c.name} класс, ${c.periodName}` } })} />
          ) : (
            <TeacherTable o={o} onUnfilled={(t) => set({ unfilled: { teacherId: t.id, title: t.name } })} />
          )}
          <p className="muted legend">
            «Нет записи» — урок по расписанию прошёл, а в журнале его нет; «без темы» — урок открыт, но тема не записана. Выделены классы, где тема или
            домашнее задание записаны меньше чем в {LOW_PERCENT}% уроков. Число незаполненных уроков открывает их список.
          </p>
        </>
      )}
    </section>
  );
}

/** «2 четверть, 1 полугодие». */
function shownNames(o: SchoolOverviewData): string {
  return o.shown.map((p) => p.name).join(', ') || 'нет';
}

function Total({ label, value, testId, bad }: { label: string; value: number; testId?: string; bad?: boolean }) {
  return (
    <div className={bad ? 'total bad' : 'total'} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value.toLocaleString('ru-RU')}</dd>
    </div>
  );
}

function ClassTable({ o, onOpenClass, onUnfilled }: { o: SchoolOverviewData; onOpenClass(classId: string): void; onUnfilled(c: ClassOverview): void }) {
  if (o.classes.length === 0) return <p className="empty">Этот период не относится ни к одному классу.</p>;
  return (
    <table data-testid="overview-table" className="table compact overview-table">
      <thead>
        <tr>
          <th>Класс</th>
          <th>Классный руководитель</th>
          <th className="num">Учеников</th>
          <th>Период</th>
          <th className="num" title="Уроков по расписанию на прошедшие дни периода">Уроков</th>
          <th className="num" title="Урок прошёл по расписанию, а записи урока в журнале нет">Нет записи</th>
          <th className="num" title="Урок открыт, но тема не записана">Без темы</th>
          <th className="num" title="Доля уроков с записанной темой">С темой</th>
          <th className="num" title="Доля уроков с домашним заданием">С д/з</th>
          <th className="num">Отметок</th>
          <th className="num" title="Выставлено отметок за период">Итоговых</th>
        </tr>
      </thead>
      <tbody>
        {o.classes.map((c) => (
          <tr key={c.id} data-testid="overview-row" data-class={c.id}>
            <td>
              <button type="button" className="link strong" onClick={() => onOpenClass(c.id)} title="Открыть журнал класса">
                {c.name}
              </button>
            </td>
            <td>{c.classTeacher ?? <span className="muted">не назначен</span>}</td>
            <td className="num">{c.students}</td>
            <td data-testid="overview-period-name">{c.periodName}</td>
            <td className="num">{c.due}</td>
            <CountCell n={c.missing} testId="overview-missing" onOpen={() => onUnfilled(c)} />
            <CountCell n={c.empty} testId="overview-empty" onOpen={() => onUnfilled(c)} />
            <PercentCell part={c.lessonsWithTopic} whole={c.due} />
            {/* R-REC-5: grade 1 has no homework, so its share is not a shortfall. */}
            {c.grade === 1 ? <td className="num muted">—</td> : <PercentCell part={c.lessonsWithHomework} whole={c.due} />}
            <td className="num">{c.marks}</td>
            <td className="num">{c.periodMarks}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TeacherTable({ o, onUnfilled }: { o: SchoolOverviewData; onUnfilled(t: SchoolOverviewData['teachers'][number]): void }) {
  if (o.teachers.length === 0) return <p className="empty">В этом периоде по расписанию ещё не было уроков.</p>;
  return (
    <table data-testid="overview-teachers" className="table compact overview-teachers">
      <thead>
        <tr>
          <th>Учитель</th>
          <th className="num" title="Уроков по расписанию на прошедшие дни периода (и замены)">Уроков</th>
          <th className="num">Нет записи</th>
          <th className="num">Без темы</th>
          <th className="num">Заполнено</th>
        </tr>
      </thead>
      <tbody>
        {o.teachers.map((t) => (
          <tr key={t.id} data-testid="overview-teacher-row" data-teacher={t.id}>
            <td>{t.name}</td>
            <td className="num">{t.due}</td>
            <CountCell n={t.missing} testId="overview-teacher-missing" onOpen={() => onUnfilled(t)} />
            <CountCell n={t.empty} testId="overview-teacher-empty" onOpen={() => onUnfilled(t)} />
            <PercentCell part={t.due - t.missing - t.empty} whole={t.due} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CountCell({ n, testId, onOpen }: { n: number; testId: string; onOpen(): void }) {
  if (n === 0) return <td className="num muted" data-testid={testId}>0</td>;
  return (
    <td className="num bad" data-testid={testId}>
      <button type="button" className="link strong" title="Показать эти уроки" onClick={onOpen}>
        {n}
      </button>
    </td>
  );
}

function PercentCell({ part, whole }: { part: number; whole: number }) {
  const p = percent(part, whole);
  if (p === null) return <td className="num muted">—</td>;
  const level = p < VERY_LOW_PERCENT ? 'bad' : p < LOW_PERCENT ? 'warn' : '';
  return (
    <td className={`num ${level}`} title={`${part} из ${whole}`}>
      {p}%
    </td>
  );
}

function UnfilledList({ view, date, onBack, onOpenPage }: { view: OverviewView; date: string; onBack(): void; onOpenPage(assignmentId: string, date: string, lessonId?: string): void }) {
  const u = view.unfilled!;
  const list = useCall('control.unfilledLessons', {
    date,
    ...(view.periodId ? { periodId: view.periodId } : {}),
    ...(u.classId ? { classId: u.classId } : {}),
    ...(u.teacherId ? { teacherId: u.teacherId } : {}),
  });
  const rows = list.value ?? [];
  const missing = rows.filter((r) => r.kind === 'missing').length;
  return (
    <section className="unfilled" aria-labelledby="unfilled-title" data-testid="unfilled-panel">
      <div className="panel-head">
        <h2 id="unfilled-title">Незаполненные уроки: {u.title}</h2>
        <button type="button" className="btn" data-testid="unfilled-back" onClick={onBack}>
          ← К обзору
        </button>
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && rows.length === 0 && <p className="empty">Все уроки по расписанию заполнены.</p>}
      {list.status === 'ok' && rows.length > 0 && (
        <>
          <p className="muted">
            Нет записи урока: {missing} · без темы: {rows.length - missing}. Нажмите на урок, чтобы открыть страницу журнала на этой дате.
          </p>
          <div className="unfilled-scroll">
            <table className="table compact unfilled-table" data-testid="unfilled-table">
              <thead>
                <tr>
                  <th>Дата</th>
                  <th>Урок</th>
                  <th>Класс</th>
                  <th>Предмет</th>
                  <th>Учитель</th>
                  <th>Что не заполнено</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={`${r.assignmentId}|${r.date}|${r.lessonNo}`}
                    data-testid="unfilled-row"
                    data-kind={r.kind}
                    data-date={r.date}
                    className="clickable"
                    onClick={() => onOpenPage(r.assignmentId, r.date, r.lessonId ?? undefined)}
                  >
                    <td className="nowrap">
                      <button type="button" className="link" onClick={(e) => (e.stopPropagation(), onOpenPage(r.assignmentId, r.date, r.lessonId ?? undefined))}>
                        {WEEKDAY_NAMES[weekday(r.date)]?.slice(0, 2)}, {formatRuDate(r.date)}
                      </button>
                    </td>
                    <td className="nowrap">{r.lessonNo}-й</td>
                    <td>{r.className}</td>
                    <td>
                      {r.subject}
                      {r.subgroup && <span className="muted"> ({r.subgroup})</span>}
                    </td>
                    <td>
                      {r.teacher}
                      {r.absentTeacher && <span className="muted"> (замена за {r.absentTeacher})</span>}
                    </td>
                    <td>{r.kind === 'missing' ? <span className="bad-text">нет записи урока</span> : <span className="warn-text">урок открыт, тема не записана</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
