// "Журнал по классам": pick a class, see its journal pages, open one.
import { PageList } from '../components/PageList';
import { ErrorBox, Loading } from '../components/Status';
import { useCall } from '../hooks/useCall';
import { ClassSelect } from '../components/ClassSelect';

interface Props {
  classId: string | null;
  onPickClass(classId: string | null): void;
  onOpenPage(assignmentId: string): void;
}

export function ClassJournals({ classId, onPickClass, onOpenPage }: Props) {
  const classes = useCall('school.classes', {});
  const pages = useCall('journal.pages', classId ? { classId } : null);

  return (
    <section className="panel" aria-labelledby="classes-title">
      <div className="panel-head">
        <h1 id="classes-title">Журнал по классам</h1>
        {classes.status === 'ok' && (
          <ClassSelect testId="class-select" classes={classes.value} value={classId} onChange={onPickClass} emptyLabel="— выберите класс —" />
        )}
      </div>
      {classes.status === 'loading' && <Loading />}
      {classes.status === 'error' && <ErrorBox message={classes.error} onRetry={classes.reload} />}
      {classes.status === 'ok' && !classId && <p className="empty">Выберите класс, чтобы увидеть страницы его журнала.</p>}
      {classId && pages.status === 'loading' && <Loading />}
      {classId && pages.status === 'error' && <ErrorBox message={pages.error} onRetry={pages.reload} />}
      {classId && pages.status === 'ok' && (
        <PageList testId="class-pages" pages={pages.value} onOpenPage={onOpenPage} showTeacher emptyText="У этого класса нет страниц журнала." />
      )}
    </section>
  );
}
