// «Готовность года» (administrator, R-ROLE-6): what is done and what is still missing
// before the year can start — the school's details, the director, the year and its periods,
// holidays, bells, classes and class teachers, students, the curriculum, the teachers'
// load, the timetable, the thematic plans (R-REC-6). The service (setup.checklist) decides;
// this screen lists it, each missing thing on its own line.
import { ChecklistView } from '../../components/admin/ChecklistView';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../people.css';

export function ChecklistScreen() {
  const list = useCall('setup.checklist', {}, { followSync: true });
  const value = list.value ?? list.stale;

  return (
    <section className="panel people-screen" aria-labelledby="checklist-title">
      <div className="panel-head">
        <h1 id="checklist-title">Готовность учебного года</h1>
        <button type="button" className="btn" data-testid="checklist-reload" onClick={list.reload}>
          Проверить снова
        </button>
      </div>
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {!value && list.status === 'loading' && <Loading />}
      {value && (
        <>
          <ChecklistView checklist={value} ids={{ summary: 'checklist-summary', list: 'checklist', item: 'checklist-item' }} />
        </>
      )}
    </section>
  );
}
