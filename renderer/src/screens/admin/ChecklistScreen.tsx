// «Готовность года» (administrator, R-ROLE-6): what is done and what is still missing
// before the year can start — the school's details, the director, the year and its periods,
// holidays, bells, classes and class teachers, students, the curriculum, the teachers'
// load, the timetable, the thematic plans (R-REC-6). The service (setup.checklist) decides;
// this screen lists it, each missing thing on its own line.
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../people.css';

export function ChecklistScreen() {
  const list = useCall('setup.checklist', {}, { followSync: true });
  const value = list.value ?? list.stale;
  const left = value ? value.items.filter((i) => !i.done).length : 0;

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
          <p className={value.ready ? 'status ok' : 'status info'} role="status" data-testid="checklist-summary" data-ready={value.ready}>
            {value.ready ? 'Всё готово: учебный год можно начинать.' : `Не готово пунктов: ${left} из ${value.items.length}.`}
          </p>
          <ul className="checklist" data-testid="checklist">
            {value.items.map((i) => (
              <li key={i.key} className={i.done ? 'checklist-item done' : 'checklist-item missing'} data-testid="checklist-item" data-key={i.key} data-done={i.done}>
                <span className="checklist-mark" aria-hidden="true">
                  {i.done ? '✓' : '✗'}
                </span>
                <div>
                  <strong>{i.title}</strong>
                  <span className="adm-hidden-label">{i.done ? ': готово' : ': не готово'}</span>
                  {i.missing.length > 0 && (
                    <ul className="checklist-missing">
                      {i.missing.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
