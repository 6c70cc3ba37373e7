// "Мои страницы журнала" as a screen of its own.
import { MyPages } from '../components/MyPages';

export function MyPagesScreen({ onOpenPage }: { onOpenPage(assignmentId: string): void }) {
  return (
    <section className="panel" aria-labelledby="pages-title">
      <h1 id="pages-title">Мои страницы журнала</h1>
      <MyPages onOpenPage={onOpenPage} />
    </section>
  );
}
