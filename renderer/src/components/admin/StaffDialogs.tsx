// The administrator keeps the staff (R-ROLE-6): add a person with their roles, correct the
// name or position, grant and revoke roles, dismiss. Every change names its basis (an
// order), which the service keeps in the change log; no one is ever deleted: a dismissed
// person's records stay in the journal. The service checks every rule again and answers
// in Russian; these forms only help to fill it in.
import { useState, type FormEvent } from 'react';
import type { ResultOf } from '../../../../service/api';
import type { Role } from '../../../../shared/role-sets';
import { call, errorMessage } from '../../api';
import { roleNames } from '../../format';
import { Modal } from './Modal';
import type { StaffMember } from './IssueCodeDialogs';

/** The roles in the order the school thinks of them, each with its Russian name. */
export const ROLE_CHOICES: readonly Role[] = ['teacher', 'class_teacher', 'deputy', 'director', 'secretary', 'admin'];

function FormError({ error, testId }: { error: string | null; testId: string }) {
  if (!error) return null;
  return (
    <p className="status error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

function ReasonField({ value, onChange, testId }: { value: string; onChange(v: string): void; testId: string }) {
  return (
    <label className="field span-2">
      <span>Основание (приказ, распоряжение)</span>
      <input data-testid={testId} required minLength={3} maxLength={200} value={value} placeholder="Приказ № 45-к от 20.11.2026" onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function RoleChecks({ value, onChange, testId }: { value: readonly Role[]; onChange(roles: Role[]): void; testId: string }) {
  return (
    <fieldset className="people-roles span-2" data-testid={testId}>
      <legend>Роли</legend>
      {ROLE_CHOICES.map((r) => (
        <label key={r} className="check">
          <input
            type="checkbox"
            data-role={r}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {roleNames([r])}
        </label>
      ))}
    </fieldset>
  );
}

/** "Фамилия Имя Отчество" → its parts (the list gives the full name; a double surname stays in the first field only if written with a hyphen). */
function nameParts(fullName: string): { lastName: string; firstName: string; middleName: string } {
  const [lastName = '', firstName = '', ...rest] = fullName.split(' ');
  return { lastName, firstName, middleName: rest.join(' ') };
}

interface StaffFormProps {
  /** null: a new member of staff. */
  staff: StaffMember | null;
  onClose(done: string | null): void;
}

export function StaffFormDialog({ staff, onClose }: StaffFormProps) {
  const initial = staff ? nameParts(staff.fullName) : { lastName: '', firstName: '', middleName: '' };
  const [lastName, setLastName] = useState(initial.lastName);
  const [firstName, setFirstName] = useState(initial.firstName);
  const [middleName, setMiddleName] = useState(initial.middleName);
  const [position, setPosition] = useState(staff?.position ?? '');
  const [login, setLogin] = useState('');
  const [roles, setRoles] = useState<Role[]>(['teacher']);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (!staff) {
        const r = await call('staff.add', { lastName, firstName, middleName, position, login, roles, reason });
        onClose(`Сотрудник добавлен: ${lastName} ${firstName} ${middleName}`.trim() + ` (логин ${r.login}). Выдайте ему код активации.`);
      } else {
        // The whole name is sent every time (an omitted patronymic would be read as an empty
        // one); the journal writer records only the fields that really change.
        await call('staff.update', { staffId: staff.id, lastName, firstName, middleName, ...(position !== staff.position ? { position } : {}), reason });
        onClose(`Данные сотрудника исправлены: ${lastName} ${firstName} ${middleName}`.trim() + '.');
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={staff ? 'Исправить данные сотрудника' : 'Новый сотрудник'} onClose={() => onClose(null)} closeOnEscape={!busy} className="people-modal" testId="staff-form">
      <form className="form-grid adm-modal-form" onSubmit={submit}>
        <label className="field">
          <span>Фамилия</span>
          <input data-testid="staff-last-name" required value={lastName} onChange={(e) => setLastName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Имя</span>
          <input data-testid="staff-first-name" required value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </label>
        <label className="field">
          <span>Отчество</span>
          <input data-testid="staff-middle-name" value={middleName} onChange={(e) => setMiddleName(e.target.value)} />
        </label>
        <label className="field">
          <span>Должность</span>
          <input data-testid="staff-position" value={position} placeholder="учитель математики" onChange={(e) => setPosition(e.target.value)} />
        </label>
        {!staff && (
          <>
            <label className="field span-2">
              <span>Логин (латинские буквы, цифры, точка, дефис)</span>
              <input data-testid="staff-login" required value={login} autoComplete="off" onChange={(e) => setLogin(e.target.value)} />
            </label>
            <RoleChecks value={roles} onChange={setRoles} testId="staff-roles" />
          </>
        )}
        <ReasonField value={reason} onChange={setReason} testId="staff-reason" />
        <div className="span-2">
          <FormError error={error} testId="staff-form-error" />
          <div className="adm-modal-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => onClose(null)}>
              Отмена
            </button>
            <button data-testid="staff-form-save" type="submit" className="btn primary" disabled={busy}>
              {busy ? 'Сохранение…' : staff ? 'Сохранить' : 'Добавить'}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}

/** Roles granted and revoked with one basis; each change is its own entry in the change log. */
export function RolesDialog({ staff, onClose }: { staff: StaffMember; onClose(done: string | null): void }) {
  const [roles, setRoles] = useState<Role[]>([...staff.roles]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const granted = roles.filter((r) => !staff.roles.includes(r));
  const revoked = staff.roles.filter((r) => !roles.includes(r));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const done: string[] = [];
    try {
      for (const role of granted) {
        await call('staff.grantRole', { staffId: staff.id, role, reason });
        done.push(`назначена роль «${roleNames([role])}»`);
      }
      for (const role of revoked) {
        await call('staff.revokeRole', { staffId: staff.id, role, reason });
        done.push(`снята роль «${roleNames([role])}»`);
      }
      onClose(`${staff.fullName}: ${done.join(', ')}.`);
    } catch (err) {
      // What was done before the refusal stays done, and is said.
      setError(done.length > 0 ? `Сделано: ${done.join(', ')}. Не сделано: ${errorMessage(err)}` : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Роли сотрудника" onClose={() => onClose(null)} closeOnEscape={!busy} className="people-modal" testId="roles-form">
      <p>
        <strong>{staff.fullName}</strong>, логин <code>{staff.login}</code>. Сейчас: {roleNames(staff.roles) || 'нет ролей'}.
      </p>
      <form className="form-grid adm-modal-form" onSubmit={submit}>
        <RoleChecks value={roles} onChange={setRoles} testId="roles-checks" />
        <ReasonField value={reason} onChange={setReason} testId="roles-reason" />
        <div className="span-2">
          {(granted.length > 0 || revoked.length > 0) && (
            <p className="muted" data-testid="roles-diff">
              {granted.length > 0 && `Назначить: ${roleNames(granted)}. `}
              {revoked.length > 0 && `Снять: ${roleNames(revoked)}.`}
            </p>
          )}
          <FormError error={error} testId="roles-error" />
          <div className="adm-modal-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => onClose(null)}>
              Отмена
            </button>
            <button data-testid="roles-save" type="submit" className="btn primary" disabled={busy || (granted.length === 0 && revoked.length === 0)}>
              {busy ? 'Сохранение…' : 'Сохранить роли'}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}

type Dismissed = ResultOf<'staff.dismiss'>;

/** Dismissal closes the sign-in and keeps every record; what the person still teaches or leads is listed to hand over. */
export function DismissDialog({ staff, onClose }: { staff: StaffMember; onClose(done: string | null): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Dismissed | null>(null);
  const doneText = `Сотрудник уволен: ${staff.fullName}. Вход закрыт, записи в журнале сохранены.`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await call('staff.dismiss', { staffId: staff.id, reason });
      if (r.pagesToHandOver.length === 0 && r.classesToHandOver.length === 0) onClose(doneText);
      else setResult(r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return (
      <Modal title="Сотрудник уволен" onClose={() => onClose(doneText)} className="people-modal" testId="dismiss-result">
        <p>{doneText}</p>
        <p>Передайте другим сотрудникам:</p>
        <ul className="adm-modal-notes">
          {result.classesToHandOver.map((c) => (
            <li key={`c-${c}`}>классное руководство: {c}</li>
          ))}
          {result.pagesToHandOver.map((p) => (
            <li key={`p-${p}`}>страница журнала: {p}</li>
          ))}
        </ul>
        <div className="adm-modal-actions">
          <button type="button" className="btn primary" autoFocus onClick={() => onClose(doneText)}>
            Закрыть
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Уволить сотрудника" onClose={() => onClose(null)} closeOnEscape={!busy} className="people-modal" testId="dismiss-form">
      <p>
        <strong>{staff.fullName}</strong>, логин <code>{staff.login}</code>.
      </p>
      <ul className="adm-modal-notes">
        <li>Вход в журнал для сотрудника закроется, его роли перестанут действовать.</li>
        <li>Всё, что сотрудник записал в журнал, сохранится: удалить сотрудника нельзя.</li>
        <li>Логин повторно не используется.</li>
      </ul>
      <form className="form-grid adm-modal-form" onSubmit={submit}>
        <ReasonField value={reason} onChange={setReason} testId="dismiss-reason" />
        <div className="span-2">
          <FormError error={error} testId="dismiss-error" />
          <div className="adm-modal-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => onClose(null)}>
              Отмена
            </button>
            <button data-testid="dismiss-save" type="submit" className="btn danger" disabled={busy}>
              {busy ? 'Увольнение…' : 'Уволить'}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}
