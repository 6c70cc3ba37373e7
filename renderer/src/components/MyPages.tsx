// The signed-in teacher's journal pages (their subjects; all pages of their class for a class teacher).
import { useCall } from '../hooks/useCall';
import { PageList } from './PageList';
import { ErrorBox, Loading } from './Status';

export function MyPages({ onOpenPage }: { onOpenPage(assignmentId: string): void }) {
  const pages = useCall('journal.pages', {});
  if (pages.status === 'loading') return <Loading />;
  if (pages.status === 'error') return <ErrorBox message={pages.error} onRetry={pages.reload} />;
  return <PageList testId="my-pages" pages={pages.value} onOpenPage={onOpenPage} emptyText="У вас нет страниц журнала в этом учебном году." />;
}
