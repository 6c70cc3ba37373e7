// A list of remarks on journal pages (R-ROLE-4) with a link to each page.
import { formatDateTime, REMARK_STATUS, type Remark } from './control-model';

interface Props {
  remarks: readonly Remark[];
  onOpenPage(assignmentId: string): void;
  testId: string;
  emptyText: string;
}

export function RemarksTable({ remarks, onOpenPage, testId, emptyText }: Props) {
  if (remarks.length === 0) {
    return (
      <p data-testid={testId} className="empty">
        {emptyText}
      </p>
    );
  }
  return (
    <table data-testid={testId} className="table compact remarks-table">
      <thead>
        <tr>
          <th>Дата</th>
          <th>Страница журнала</th>
          <th>Замечание</th>
          <th>Состояние</th>
          <th>Ответ учителя</th>
        </tr>
      </thead>
      <tbody>
        {remarks.map((r) => (
          <tr key={r.id} data-testid="remark-row" data-remark={r.id} data-status={r.status}>
            <td className="nowrap">{formatDateTime(r.createdOn)}</td>
            <td className="nowrap">
              <button type="button" data-testid="remark-open-page" className="link" onClick={() => onOpenPage(r.assignmentId)} title="Открыть страницу журнала">
                {r.className} — {r.subjectName}
              </button>
            </td>
            <td>
              {r.text}
              <div className="muted small-text">{r.authorName}</div>
            </td>
            <td className="nowrap">
              <span className={`badge remark-status ${r.status}`}>{REMARK_STATUS[r.status]}</span>
            </td>
            <td>{r.answer || <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
