// "Обзор школы" for the administration (R-REP-1): totals and each class in its current
// period — lessons held, share with a topic and with homework, marks, period marks.
import { formatRuDate } from '../../../shared/dates';
import { ErrorBox, Loading } from '../components/Status';
import { percent } from '../format';
import { useCall } from '../hooks/useCall';
import type { ClassOverview } from '../types';

/** Below these shares of lessons with a topic / homework a class is flagged for the deputy's attention. */
const LOW_PERCENT = 90;
const VERY_LOW_PERCENT = 60;

export function SchoolOverview({ onOpenClass }: { onOpenClass(classId: string): void }) {
  const data = useCall('school.overview', {});
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox message={data.error} onRetry={data.reload} />;
  const o = data.value;

  return (
    <section className="overview" aria-labelledby="overview-title">
      <div className="panel-head">
        <h1 id="overview-title">Обзор школы</h1>
        <p className="muted">
          {o.year} учебный год · на {formatRuDate(o.date)}
        </p>
      </div>
      <dl className="totals">
        <Total label="Учеников" value={o.totals.students} />
        <Total label="Учителей" value={o.totals.teachers} />
        <Total label="Уроков в периоде" value={o.totals.lessons} />
        <Total label="Отметок в периоде" value={o.totals.marks} />
      </dl>
      {o.classes.length === 0 ? (
        <p className="empty">В этом учебном году нет классов.</p>
      ) : (
        <table data-testid="overview-table" className="table compact overview-table">
          <thead>
            <tr>
              <th>Класс</th>
              <th>Классный руководитель</th>
              <th className="num">Учеников</th>
              <th>Период</th>
              <th className="num">Уроков</th>
              <th className="num" title="Доля уроков с записанной темой">С темой</th>
              <th className="num" title="Доля уроков с домашним заданием">С д/з</th>
              <th className="num">Отметок</th>
              <th className="num" title="Выставлено отметок за период">Итоговых</th>
            </tr>
          </thead>
          <tbody>
            {o.classes.map((c) => (
              <ClassRow key={c.id} c={c} onOpen={() => onOpenClass(c.id)} />
            ))}
          </tbody>
        </table>
      )}
      <p className="muted legend">
        Выделены классы, где тема или домашнее задание записаны меньше чем в {LOW_PERCENT}% уроков периода.
      </p>
    </section>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <div className="total">
      <dt>{label}</dt>
      <dd>{value.toLocaleString('ru-RU')}</dd>
    </div>
  );
}

function ClassRow({ c, onOpen }: { c: ClassOverview; onOpen(): void }) {
  return (
    <tr data-testid="overview-row" className="clickable" onClick={onOpen}>
      <td>
        <button type="button" className="link strong" onClick={(e) => (e.stopPropagation(), onOpen())} title="Открыть журнал класса">
          {c.name}
        </button>
      </td>
      <td>{c.classTeacher ?? <span className="muted">не назначен</span>}</td>
      <td className="num">{c.students}</td>
      <td>{c.periodName}</td>
      <td className="num">{c.lessons}</td>
      <PercentCell part={c.lessonsWithTopic} whole={c.lessons} />
      {/* R-REC-5: grade 1 has no homework, so its share is not a shortfall. */}
      {c.grade === 1 ? <td className="num muted">—</td> : <PercentCell part={c.lessonsWithHomework} whole={c.lessons} />}
      <td className="num">{c.marks}</td>
      <td className="num">{c.periodMarks}</td>
    </tr>
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
