// Journal pages grouped by class: "5А — Математика (группа 1)".
import { useMemo } from 'react';
import type { PageInfo } from '../types';

interface Props {
  pages: readonly PageInfo[];
  onOpenPage(assignmentId: string): void;
  testId: string;
  emptyText: string;
  /** Show each page's teacher; by default when the pages have more than one teacher. */
  showTeacher?: boolean;
}

export function PageList({ pages, onOpenPage, testId, emptyText, showTeacher }: Props) {
  // The service returns pages ordered by grade, letter and subject; keep that order.
  const groups = useMemo(() => {
    const byClass = new Map<string, { className: string; pages: PageInfo[] }>();
    for (const p of pages) {
      const g = byClass.get(p.classId) ?? { className: p.className, pages: [] };
      g.pages.push(p);
      byClass.set(p.classId, g);
    }
    return [...byClass.entries()];
  }, [pages]);
  const withTeacher = showTeacher ?? new Set(pages.map((p) => p.teacherId)).size > 1;

  if (pages.length === 0) {
    return (
      <p data-testid={testId} className="empty">
        {emptyText}
      </p>
    );
  }
  return (
    <div data-testid={testId} className="page-groups">
      {groups.map(([classId, g]) => (
        <section key={classId} className="page-group" aria-label={`${g.className} класс`}>
          <h3>{g.className}</h3>
          <ul className="page-list">
            {g.pages.map((p) => (
              <li key={p.id}>
                <button data-testid="page-link" data-assignment={p.id} type="button" className="page-link" onClick={() => onOpenPage(p.id)}>
                  <span className="page-link-name">
                    {p.className} — {p.subjectName}
                    {p.subgroupName && <span className="muted"> ({p.subgroupName})</span>}
                  </span>
                  {withTeacher && <span className="page-link-teacher muted">{p.teacherName}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
