// «Экзаменационные и итоговые отметки» (R-REC-4): the subject teacher enters each student's
// exam mark — the state exams of grades 9 (ОГЭ, ГВЭ) and 11 (ЕГЭ with its test score, ГВЭ),
// the school's own examination (ПА) elsewhere — and the final mark, beside the year mark
// shown read-only. One page (class × subject) at a time; each cell is saved as it changes
// (finalMarks.set), the service's refusals shown in its words. Tab goes along the row,
// Enter to the same column of the next student. The service checks every change again.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { call, errorMessage } from '../api';
import { ErrorBox, FormError, Loading } from '../components/Status';
import { useCall } from '../hooks/useCall';
import type { ArgsOf, ResultOf } from '../../../service/api';

type Sheet = ResultOf<'finalMarks.sheet'>;
type SheetStudent = Sheet['students'][number];
type Value = NonNullable<ArgsOf<'finalMarks.set'>['value']>;
type Form = NonNullable<ArgsOf<'finalMarks.set'>['examForm']>;

const FORM_NAMES: Readonly<Record<string, string>> = {
  ОГЭ: 'ОГЭ',
  ЕГЭ: 'ЕГЭ',
  ГВЭ: 'ГВЭ',
  ПА: 'ПА (промежуточная аттестация)',
};

export function FinalMarksScreen() {
  const pages = useCall('journal.pages', {});
  const own = useMemo(() => {
    // Grades 9 and 11 (the state exams) first, then the other graded pages; grade 1 takes no marks.
    const all = (pages.value ?? []).filter((p) => p.grade > 1 && !p.subgroupName);
    const rank = (g: number) => (g === 9 || g === 11 ? 0 : 1);
    return [...all].sort((a, b) => rank(a.grade) - rank(b.grade) || a.grade - b.grade || a.className.localeCompare(b.className, 'ru') || a.subjectName.localeCompare(b.subjectName, 'ru'));
  }, [pages.value]);
  const [chosen, setChosen] = useState<string | null>(null);
  const assignmentId = chosen ?? own[0]?.id ?? null;

  return (
    <section className="panel final-marks" aria-labelledby="final-marks-title">
      <div className="panel-head">
        <h1 id="final-marks-title">Экзаменационные и итоговые отметки</h1>
        <p className="muted">Экзамены 9 класса (ОГЭ, ГВЭ) и 11 класса (ЕГЭ с тестовым баллом, ГВЭ), промежуточная аттестация в других классах и итоговые отметки по предмету.</p>
      </div>
      {pages.status === 'loading' && <Loading text="Загрузка страниц журнала…" />}
      {pages.status === 'error' && <ErrorBox message={pages.error} onRetry={pages.reload} />}
      {pages.status === 'ok' && own.length === 0 && <p className="empty">У вас нет страниц журнала с отметками.</p>}
      {own.length > 0 && assignmentId && (
        <>
          <label className="field-inline">
            Класс и предмет{' '}
            <select data-testid="fm-page" value={assignmentId} onChange={(e) => setChosen(e.target.value)}>
              {own.map((p) => (
                <option key={p.id} value={p.id}>
                  {`${p.className} — ${p.subjectName}`}
                </option>
              ))}
            </select>
          </label>
          <SheetView key={assignmentId} assignmentId={assignmentId} />
        </>
      )}
    </section>
  );
}

function SheetView({ assignmentId }: { assignmentId: string }) {
  const sheet = useCall('finalMarks.sheet', { assignmentId });
  if (sheet.status === 'loading') return <Loading text="Загрузка отметок…" />;
  if (sheet.status === 'error') return <ErrorBox message={sheet.error} onRetry={sheet.reload} />;
  return <SheetTable sheet={sheet.value} />;
}

interface Row {
  form: string;
  exam: string;
  score: string;
  final: string;
}

function rowOf(s: SheetStudent, defaultForm: string): Row {
  return { form: s.exam?.form ?? defaultForm, exam: s.exam?.value ?? '', score: s.exam?.score?.toString() ?? '', final: s.final ?? '' };
}

function SheetTable({ sheet }: { sheet: Sheet }) {
  const defaultForm = sheet.examForms[0] ?? '';
  const [rows, setRows] = useState<ReadonlyMap<string, Row>>(() => new Map(sheet.students.map((s) => [s.studentId, rowOf(s, defaultForm)])));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const table = useRef<HTMLTableElement>(null);
  /** What the journal holds for each student, as last read or saved. */
  const stored = useRef<Map<string, Row>>(new Map(rows));
  const withScore = sheet.examForms.includes('ЕГЭ');
  const nameOf = (id: string) => sheet.students.find((s) => s.studentId === id)?.name ?? '';
  const row = (id: string) => rows.get(id) ?? { form: defaultForm, exam: '', score: '', final: '' };

  /** Saves one cell: the exam (its form, mark and score together) or the final mark. */
  const save = async (studentId: string, kind: 'exam' | 'final', next: Row) => {
    const before = stored.current.get(studentId) ?? row(studentId);
    setRows((m) => new Map(m).set(studentId, next));
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      if (kind === 'final') {
        await call('finalMarks.set', { assignmentId: sheet.assignmentId, studentId, kind: 'final', value: next.final === '' ? null : (next.final as Value) });
      } else {
        const score = next.form === 'ЕГЭ' && next.score.trim() !== '' ? Number(next.score.trim()) : null;
        await call('finalMarks.set', {
          assignmentId: sheet.assignmentId, studentId, kind: 'exam', examForm: next.form as Form,
          value: next.exam === '' ? null : (next.exam as Value), score,
        });
      }
      stored.current.set(studentId, next);
      setSaved(`${nameOf(studentId)}: сохранено`);
    } catch (err) {
      // Bad input changes nothing: the cell goes back to what the journal holds.
      setRows((m) => new Map(m).set(studentId, before));
      setError(`${nameOf(studentId)}: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  /** Enter: the same column of the next student (Tab goes along the row by itself). */
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.key !== 'Enter') return;
    const el = e.target as HTMLElement;
    const col = el.dataset.col;
    const index = Number(el.dataset.row);
    if (!col || Number.isNaN(index)) return;
    e.preventDefault();
    if (el instanceof HTMLInputElement) el.blur();
    const target = table.current?.querySelector<HTMLElement>(`[data-col="${col}"][data-row="${index + (e.shiftKey ? -1 : 1)}"]`);
    target?.focus();
  };

  const markOptions = (
    <>
      <option value="">—</option>
      {sheet.values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );

  return (
    <div className="final-marks-sheet" data-testid="fm-sheet">
      <p className="page-period muted">
        {`${sheet.className}, ${sheet.subjectName}, ${sheet.yearName} учебный год · форма экзамена: ${sheet.examForms.join(' или ')}`}
        {sheet.canEdit ? ' · Tab — к следующей клетке, Enter — к следующему ученику' : ' · только просмотр'}
      </p>
      {!sheet.canEdit && <p className="status info" data-testid="fm-readonly">Отметки ставит учитель, ведущий предмет; учебный год должен быть открыт.</p>}
      <p className="fm-status" aria-live="polite">
        <FormError error={error} />
        {saved && !error && <span className="muted" data-testid="fm-saved">{saved}</span>}
      </p>
      <table className="table compact" data-testid="fm-table" ref={table} onKeyDown={onKeyDown} aria-busy={busy}>
        <thead>
          <tr>
            <th>№</th>
            <th>Ученик</th>
            <th>Годовая</th>
            <th>Форма экзамена</th>
            <th>Экзамен</th>
            {withScore && <th>Балл ЕГЭ</th>}
            <th>Итоговая</th>
          </tr>
        </thead>
        <tbody>
          {sheet.students.map((s, i) => {
            const r = row(s.studentId);
            const label = (what: string) => `${what}: ${s.name}`;
            return (
              <tr key={s.studentId} data-testid="fm-row" data-student={s.studentId}>
                <td>{i + 1}</td>
                <td>{s.name}</td>
                <td className="center" data-testid="fm-year">{s.yearMark ?? ''}</td>
                {sheet.canEdit ? (
                  <>
                    <td>
                      <select
                        aria-label={label('Форма экзамена')} data-col="form" data-row={i} data-testid="fm-form" value={r.form}
                        onChange={(e) => {
                          const next = { ...r, form: e.target.value, score: e.target.value === 'ЕГЭ' ? r.score : '' };
                          // The form is saved with the mark; without a mark it waits for one.
                          if (r.exam !== '') void save(s.studentId, 'exam', next);
                          else setRows((m) => new Map(m).set(s.studentId, next));
                        }}
                      >
                        {sheet.examForms.map((f) => (
                          <option key={f} value={f}>
                            {FORM_NAMES[f] ?? f}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="center">
                      <select aria-label={label('Экзаменационная отметка')} data-col="exam" data-row={i} data-testid="fm-exam" value={r.exam}
                        onChange={(e) => void save(s.studentId, 'exam', { ...r, exam: e.target.value })}>
                        {markOptions}
                      </select>
                    </td>
                    {withScore && (
                      <td className="center">
                        <input
                          aria-label={label('Тестовый балл ЕГЭ')} data-col="score" data-row={i} data-testid="fm-score" inputMode="numeric" size={4}
                          disabled={r.form !== 'ЕГЭ'} value={r.score}
                          onChange={(e) => setRows((m) => new Map(m).set(s.studentId, { ...r, score: e.target.value }))}
                          onBlur={() => {
                            const was = stored.current.get(s.studentId)?.score ?? '';
                            if (r.score.trim() !== was.trim()) void save(s.studentId, 'exam', r);
                          }}
                        />
                      </td>
                    )}
                    <td className="center">
                      <select aria-label={label('Итоговая отметка')} data-col="final" data-row={i} data-testid="fm-final" value={r.final}
                        onChange={(e) => void save(s.studentId, 'final', { ...r, final: e.target.value })}>
                        {markOptions}
                      </select>
                    </td>
                  </>
                ) : (
                  <>
                    <td className="center">{r.exam !== '' ? r.form : ''}</td>
                    <td className="center"><strong>{r.exam}</strong></td>
                    {withScore && <td className="center">{r.score}</td>}
                    <td className="center"><strong>{r.final}</strong></td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
