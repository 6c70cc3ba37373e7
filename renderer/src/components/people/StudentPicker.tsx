// Finding a student by name (students.search): a text field with a list of matches under
// it, «Фамилия Имя Отчество — 8Б» («выбыл(а)» when they left). From two letters on; the
// service answers only with the students the signed-in role may see. Used by the search box
// of the top bar and by the forms that pick a student (movement, guardians).
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';

export type FoundStudent = ResultOf<'students.search'>[number];

/** The matches of a query, asked a moment after the typing stops; a later answer never replaces a newer one. */
export function useStudentSearch(query: string): { found: readonly FoundStudent[]; error: string | null; searching: boolean } {
  const q = query.trim();
  const [answer, setAnswer] = useState<{ q: string; found: readonly FoundStudent[]; error: string | null } | null>(null);
  useEffect(() => {
    if (q.length < 2) return;
    let live = true;
    const timer = window.setTimeout(() => {
      call('students.search', { query: q, limit: 12 }).then(
        (found) => live && setAnswer({ q, found, error: null }),
        (err: unknown) => live && setAnswer({ q, found: [], error: errorMessage(err) }),
      );
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [q]);
  if (q.length < 2) return { found: [], error: null, searching: false };
  if (!answer || answer.q !== q) return { found: answer?.found ?? [], error: null, searching: true };
  return { found: answer.found, error: answer.error, searching: false };
}

export function studentLine(s: FoundStudent): string {
  return `${s.name} — ${s.className}`;
}

interface Props {
  testId: string;
  /** Called when a student is chosen from the list (Enter or a click). */
  onPick(student: FoundStudent): void;
  placeholder?: string;
  label: string;
  /** Hide the label (the top bar). */
  hiddenLabel?: boolean;
  className?: string;
  /** The text of the field after a choice: the chosen line (a form), or empty (the top bar). */
  clearOnPick?: boolean;
}

export function StudentPicker({ testId, onPick, placeholder = 'Фамилия и имя ученика', label, hiddenLabel, className, clearOnPick }: Props) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const { found, error, searching } = useStudentSearch(text);
  const listId = useId();
  const showList = open && text.trim().length >= 2;

  function pick(s: FoundStudent) {
    setText(clearOnPick ? '' : studentLine(s));
    setOpen(false);
    onPick(s);
  }

  function keys(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (found.length > 0) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length);
    } else if (e.key === 'Enter' && showList) {
      e.preventDefault();
      const s = found[active];
      if (s) pick(s);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  }

  return (
    <div className={className ? `student-picker ${className}` : 'student-picker'}>
      <label>
        <span className={hiddenLabel ? 'adm-hidden-label' : 'student-picker-label'}>{label}</span>
        <input
          data-testid={testId}
          type="search"
          role="combobox"
          autoComplete="off"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          placeholder={placeholder}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={keys}
          onFocus={() => setOpen(true)}
          // A click on an item comes first (mousedown keeps the focus): then the list closes.
          onBlur={() => setOpen(false)}
        />
      </label>
      {showList && (
        <ul id={listId} role="listbox" className="student-picker-list" data-testid={`${testId}-list`} aria-label="Найденные ученики">
          {found.map((s, i) => (
            <li
              key={s.studentId}
              role="option"
              aria-selected={i === active}
              data-testid={`${testId}-option`}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span>{studentLine(s)}</span>
              {s.left && <span className="badge">выбыл(а)</span>}
            </li>
          ))}
          {found.length === 0 && (
            <li className="student-picker-none" role="presentation">
              {error ?? (searching ? 'Поиск…' : 'Никто не найден.')}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
