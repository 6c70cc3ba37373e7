// «Сотрудники» (administrator): every staff account with its login, roles and state.
// R-ROLE-6: the administrator issues access credentials — a login and a one-time
// activation code (shown once). R-ROLE-7: a login locked after wrong passwords can be
// unlocked here before the lock runs out. Staff are added, corrected and dismissed (never
// deleted: their records stay), roles granted and revoked with a basis, and codes issued
// for several people at once as printed slips. The service checks the role for every call.
import { useMemo, useState } from 'react';
import { call, errorMessage } from '../../api';
import { formatLockTime } from '../../components/admin/format-admin';
import { ActivationSlipsDialog } from '../../components/admin/ActivationSlips';
import { IssueCodeDialog, type StaffMember } from '../../components/admin/IssueCodeDialogs';
import { DismissDialog, RolesDialog, StaffFormDialog } from '../../components/admin/StaffDialogs';
import { ErrorBox, Loading } from '../../components/Status';
import { roleNames } from '../../format';
import { useCall } from '../../hooks/useCall';
import '../../people.css';

type State = { readonly text: string; readonly kind: 'ok' | 'pending' | 'none' | 'locked' | 'off' };

/** The account's state in words; a lock is said first (it is what stops the person now). */
function stateOf(s: StaffMember): State {
  if (!s.active) return { text: 'уволен(а), вход закрыт', kind: 'off' };
  if (s.lockedUntil) return { text: `заблокирован до ${formatLockTime(s.lockedUntil)}`, kind: 'locked' };
  if (s.activationPending) return { text: s.activated ? 'активирован; выдан новый код' : 'ожидает активации', kind: 'pending' };
  if (s.activated) return { text: 'активирован', kind: 'ok' };
  return { text: 'не активирован, код не выдан', kind: 'none' };
}

function matches(s: StaffMember, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [s.fullName, s.login, s.position, roleNames(s.roles), stateOf(s).text].some((v) => v.toLowerCase().includes(q));
}

export function StaffScreen() {
  const list = useCall('staff.list', {});
  const [filter, setFilter] = useState('');
  const [issuing, setIssuing] = useState<StaffMember | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  /** The open form: a new person (null staff), a correction, roles, a dismissal. */
  const [form, setForm] = useState<{ kind: 'add' | 'edit' | 'roles' | 'dismiss'; staff: StaffMember | null } | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [slipsFor, setSlipsFor] = useState<readonly StaffMember[] | null>(null);
  const info = useCall('app.info', {});

  const staff = list.value ?? list.stale;
  const shown = useMemo(() => (staff ?? []).filter((s) => matches(s, filter)), [staff, filter]);
  const chosen = (staff ?? []).filter((s) => s.active && selected.has(s.id));

  function open(kind: 'add' | 'edit' | 'roles' | 'dismiss', s: StaffMember | null) {
    setDone(null);
    setFailed(null);
    setForm({ kind, staff: s });
  }

  function closeForm(message: string | null) {
    setForm(null);
    if (message) {
      setDone(message);
      list.reload();
    }
  }

  function toggle(id: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  async function unlock(s: StaffMember) {
    setUnlocking(s.id);
    setDone(null);
    setFailed(null);
    try {
      await call('staff.unlock', { staffId: s.id });
      setDone(`Блокировка входа снята: ${s.fullName} (${s.login}).`);
      list.reload();
    } catch (err) {
      setFailed(errorMessage(err));
    } finally {
      setUnlocking(null);
    }
  }

  return (
    <section className="panel staff-screen" aria-labelledby="staff-title">
      <div className="panel-head">
        <h1 id="staff-title">Сотрудники</h1>
        <div className="people-head-actions">
          <button data-testid="staff-add" type="button" className="btn primary" onClick={() => open('add', null)}>
            Добавить сотрудника
          </button>
          <button
            data-testid="slips-issue"
            type="button"
            className="btn"
            disabled={chosen.length === 0}
            title="Отметьте сотрудников в первом столбце"
            onClick={() => {
              setDone(null);
              setFailed(null);
              setSlipsFor(chosen);
            }}
          >
            Коды и листки для отмеченных{chosen.length > 0 ? ` (${chosen.length})` : ''}
          </button>
          <label className="staff-filter">
            <span className="adm-hidden-label">Поиск сотрудника</span>
            <input
              data-testid="staff-filter"
              type="search"
              placeholder="Фамилия, логин, должность, роль"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
        </div>
      </div>
      <p className="muted">
        Новый сотрудник входит в первый раз по логину и одноразовому коду активации, который выдаёт администратор, и сам задаёт пароль. После
        пяти неверных паролей вход блокируется на 15 минут; блокировку можно снять раньше. Уволенные сотрудники остаются в списке: их записи
        в журнале сохраняются.
      </p>
      {done && (
        <p className="status ok" role="status" data-testid="staff-done">
          {done}
        </p>
      )}
      {failed && <ErrorBox message={failed} />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {!staff && list.status === 'loading' && <Loading />}
      {staff && (
        <>
          <table className="table staff-table" data-testid="staff-table">
            <thead>
              <tr>
                <th>
                  <span className="adm-hidden-label">Отметить</span>
                </th>
                <th>Сотрудник</th>
                <th>Логин</th>
                <th>Должность</th>
                <th>Роли</th>
                <th>Состояние</th>
                <th>
                  <span className="adm-hidden-label">Действия</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => {
                const state = stateOf(s);
                return (
                  <tr key={s.id} data-testid="staff-row" data-login={s.login} className={s.active ? undefined : 'inactive'}>
                    <td>
                      {s.active && (
                        <input
                          type="checkbox"
                          data-testid="staff-select"
                          aria-label={`Отметить: ${s.fullName}`}
                          checked={selected.has(s.id)}
                          onChange={(e) => toggle(s.id, e.target.checked)}
                        />
                      )}
                    </td>
                    <td>{s.fullName}</td>
                    <td>
                      <code>{s.login}</code>
                    </td>
                    <td>{s.position}</td>
                    <td data-testid="staff-roles-cell">{roleNames(s.roles) || <span className="muted">нет ролей</span>}</td>
                    <td data-testid="staff-state" data-state={state.kind}>
                      <span className={`account-state ${state.kind}`}>{state.text}</span>
                    </td>
                    <td className="staff-actions">
                      {s.active && (
                        <button
                          data-testid="issue-code"
                          type="button"
                          className="btn small"
                          title="Выдать одноразовый код активации"
                          onClick={() => {
                            setDone(null);
                            setFailed(null);
                            setIssuing(s);
                          }}
                        >
                          Выдать код
                        </button>
                      )}
                      {s.active && (
                        <>
                          <button data-testid="staff-edit" type="button" className="btn small" onClick={() => open('edit', s)}>
                            Изменить
                          </button>
                          <button data-testid="staff-roles" type="button" className="btn small" onClick={() => open('roles', s)}>
                            Роли
                          </button>
                          <button data-testid="staff-dismiss" type="button" className="btn small" onClick={() => open('dismiss', s)}>
                            Уволить
                          </button>
                        </>
                      )}
                      {s.lockedUntil && (
                        <button data-testid="unlock" type="button" className="btn small" disabled={unlocking === s.id} onClick={() => unlock(s)}>
                          Снять блокировку
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown.length === 0 && <p className="empty">Никто не найден. Измените условие поиска.</p>}
          <p className="muted staff-count">
            Показано {shown.length} из {staff.length}.
          </p>
        </>
      )}
      {form?.kind === 'add' && <StaffFormDialog staff={null} onClose={closeForm} />}
      {form?.kind === 'edit' && form.staff && <StaffFormDialog staff={form.staff} onClose={closeForm} />}
      {form?.kind === 'roles' && form.staff && <RolesDialog staff={form.staff} onClose={closeForm} />}
      {form?.kind === 'dismiss' && form.staff && <DismissDialog staff={form.staff} onClose={closeForm} />}
      {slipsFor && (
        <ActivationSlipsDialog
          staff={slipsFor}
          schoolName={info.value ? info.value.shortName || info.value.schoolName : ''}
          onClose={(n) => {
            setSlipsFor(null);
            setSelected(new Set());
            if (n > 0) {
              setDone(`Выданы коды активации: ${n}.`);
              list.reload();
            }
          }}
        />
      )}
      {issuing && (
        <IssueCodeDialog
          staff={issuing}
          onClose={(issued) => {
            setIssuing(null);
            if (issued) {
              setDone(`Код активации выдан: ${issuing.fullName} (${issuing.login}).`);
              list.reload();
            }
          }}
        />
      )}
    </section>
  );
}
