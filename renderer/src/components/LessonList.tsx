// The page's lessons: date, topic, homework and type (R-REC-1), with the substitute teacher.
import { formatRuDate } from '../../../shared/dates';
import type { JournalPageData } from '../types';

interface Props {
  lessons: readonly JournalPageData['lessons'][number][];
  /** R-REC-5: grade 1 has no homework, so the column is left out there. */
  showHomework: boolean;
}

export function LessonList({ lessons, showHomework }: Props) {
  return (
    <section className="lesson-list" aria-labelledby="lessons-title">
      <h2 id="lessons-title">Уроки</h2>
      <table className="table compact">
        <thead>
          <tr>
            <th className="col-date">Дата</th>
            <th className="col-topic">Тема урока</th>
            {showHomework && <th>Домашнее задание</th>}
            <th className="col-type">Тип урока</th>
          </tr>
        </thead>
        <tbody>
          {lessons.map((l) => (
            <tr key={l.id}>
              <td className="col-date nowrap">
                {formatRuDate(l.date)}
                <span className="muted"> · {l.lessonNo} ур.</span>
              </td>
              <td>
                {l.topic || <span className="muted">не записана</span>}
                {l.substituteName && <div className="substitute">Замена: {l.substituteName}</div>}
              </td>
              {showHomework && <td>{l.homework || <span className="muted">—</span>}</td>}
              <td className="col-type">{l.lessonType}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
