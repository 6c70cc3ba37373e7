// One day's lessons of a teacher, each opening its journal page.
import { joinParts } from '../format';
import type { DayLesson, TeacherDay } from '../types';

interface Props {
  day: TeacherDay;
  /** Opens the lesson (its record is created on first opening). */
  onOpenLesson(lesson: DayLesson): void;
}

export function DayLessons({ day, onOpenLesson }: Props) {
  if (day.lessons.length === 0) {
    return (
      <div data-testid="today-lessons" className="empty">
        <p>Уроков нет</p>
        {day.holiday && <p className="muted">{day.holiday}</p>}
      </div>
    );
  }
  return (
    <ol data-testid="today-lessons" className="day-lessons">
      {day.lessons.map((l) => (
        <li key={`${l.lessonNo}-${l.assignmentId}`}>
          <button data-testid="today-lesson" type="button" className="day-lesson" data-lesson={l.lessonId ?? undefined} onClick={() => onOpenLesson(l)}>
            <span className="lesson-no" title="Номер урока">
              {l.lessonNo}
            </span>
            <span className="lesson-time">{l.startsAt && l.endsAt ? `${l.startsAt}–${l.endsAt}` : ''}</span>
            <span className="lesson-class">{l.className}</span>
            <span className="lesson-main">
              <span className="lesson-subject">{joinParts(l.subjectName, l.subgroupName)}</span>
              {l.topic ? <span className="lesson-topic">{l.topic}</span> : <span className="lesson-topic muted">тема не записана</span>}
            </span>
            <span className="lesson-side">
              {l.room && <span className="lesson-room">каб. {l.room}</span>}
              {l.substituteFor && <span className="badge warn">замена за {l.substituteFor}</span>}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
