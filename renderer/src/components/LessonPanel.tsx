// The selected lesson's record: topic, type and homework (R-REC-1), saved with
// journal.setLesson on Enter or when the field is left; and the kind of work that new
// marks in the lesson's column get.
import { useState } from 'react';
import { formatRuDate } from '../../../shared/dates';
import { ApiError, call, errorMessage } from '../api';
import type { JournalPageData } from '../types';
import type { EditIssue } from './JournalGrid';

type Lesson = JournalPageData['lessons'][number];
type Field = 'topic' | 'lessonType' | 'homework';

interface Props {
  lesson: Lesson;
  page: JournalPageData;
  editable: boolean;
  workKindId: string | null;
  onWorkKind(id: string): void;
  onSaved(lesson: Lesson): void;
  onIssue(issue: EditIssue | null): void;
  onClose(): void;
}

const LABELS: Record<Field, string> = { topic: 'Тема урока', lessonType: 'Тип урока', homework: 'Домашнее задание' };
const TEST_IDS: Record<Field, string> = { topic: 'lesson-topic', lessonType: 'lesson-type', homework: 'lesson-homework' };

export function LessonPanel({ lesson, page, editable, workKindId, onWorkKind, onSaved, onIssue, onClose }: Props) {
  const [draft, setDraft] = useState<Record<Field, string>>({ topic: lesson.topic, lessonType: lesson.lessonType, homework: lesson.homework });
  const [saved, setSaved] = useState<Record<Field, string>>(draft);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');

  async function save(field: Field) {
    const value = draft[field].trim();
    if (value === saved[field]) return;
    setState('saving');
    const args = { lessonId: lesson.id, [field]: value };
    try {
      await call('journal.setLesson', args);
      const next = { ...saved, [field]: value };
      setSaved(next);
      setState('saved');
      onIssue(null);
      onSaved({ ...lesson, ...next });
    } catch (err) {
      setState('idle');
      const code = err instanceof ApiError ? err.code : 'INTERNAL';
      onIssue({ tone: 'error', code, message: errorMessage(err), correction: code === 'OUT_OF_WINDOW' ? { method: 'journal.setLesson', args } : undefined });
    }
  }

  const fields: Field[] = page.marksAllowed ? ['topic', 'lessonType', 'homework'] : ['topic', 'lessonType'];
  return (
    <section className="lesson-panel panel" data-testid="lesson-panel" aria-label="Урок">
      <div className="lesson-panel-head">
        <h2>
          Урок {formatRuDate(lesson.date)}, {lesson.lessonNo}-й
        </h2>
        {state === 'saving' && <span className="muted">Сохранение…</span>}
        {state === 'saved' && (
          <span className="muted" data-testid="lesson-saved">
            Сохранено
          </span>
        )}
        <button type="button" className="btn small" onClick={onClose} aria-label="Закрыть панель урока">
          ×
        </button>
      </div>
      <div className="lesson-fields">
        {fields.map((f) => (
          <label key={f} className={`field lesson-${f}`}>
            <span>{LABELS[f]}</span>
            {editable ? (
              <input
                data-testid={TEST_IDS[f]}
                value={draft[f]}
                maxLength={f === 'homework' ? 1000 : 500}
                onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
                onBlur={() => void save(f)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void save(f);
                  }
                }}
              />
            ) : (
              <span data-testid={TEST_IDS[f]} className="lesson-value">
                {draft[f] || '—'}
              </span>
            )}
          </label>
        ))}
        {editable && page.marksAllowed && (
          <label className="field lesson-kind">
            <span>Вид работы для новых отметок</span>
            <select data-testid="work-kind-select" value={workKindId ?? ''} onChange={(e) => onWorkKind(e.target.value)}>
              {page.workKinds.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} — {w.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </section>
  );
}
