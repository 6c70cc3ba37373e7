// The notes written to a student (remarks, praise, notes to parents, R-REC-8), loaded when
// the card asks for them.
import { formatRuDate } from '../../../../shared/dates';
import { useCall } from '../../hooks/useCall';

const KIND: Record<string, string> = { praise: 'Похвала', remark: 'Замечание', parents: 'Записка родителям' };

export function StudentNotes({ studentId }: { studentId: string }) {
  const notes = useCall('classDesk.notes', { studentId });
  if (notes.status === 'loading') return <p className="muted">Загрузка записей…</p>;
  if (notes.status === 'error') return <p className="form-error">{notes.error}</p>;
  if (notes.value.length === 0) return <p className="muted" data-testid="student-notes">Записей нет.</p>;
  return (
    <ul className="student-notes" data-testid="student-notes">
      {notes.value.map((n) => (
        <li key={n.id}>
          <span className="muted">{formatRuDate(n.date)} · {KIND[n.kind] ?? n.kind} · {n.authorName}:</span> {n.text}
        </li>
      ))}
    </ul>
  );
}
