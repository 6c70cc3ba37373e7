// Issuing an activation code (R-ROLE-6): first a confirmation (a new code makes an
// earlier unused one invalid), then the code itself — shown once, large, to be written
// down, printed or copied and handed to the staff member in person. Only its hash is kept.
import { useState } from 'react';
import { call, errorMessage } from '../../api';
import type { ResultOf } from '../../../../service/api';
import { Modal } from './Modal';

export type StaffMember = ResultOf<'staff.list'>[number];
type Issued = ResultOf<'staff.issueActivation'>;

interface Props {
  staff: StaffMember;
  onClose(issued: boolean): void;
}

export function IssueCodeDialog({ staff, onClose }: Props) {
  const [issued, setIssued] = useState<Issued | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function issue() {
    setBusy(true);
    setError(null);
    try {
      setIssued(await call('staff.issueActivation', { staffId: staff.id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (issued) return <IssuedCode issued={issued} onClose={() => onClose(true)} />;

  return (
    <Modal title="Выдать код активации" onClose={() => onClose(false)} closeOnEscape={!busy} testId="issue-code-confirm">
      <p>
        Сотрудник: <strong>{staff.fullName}</strong>, логин <code>{staff.login}</code>.
      </p>
      <ul className="adm-modal-notes">
        {staff.activationPending && <li>Ранее выданный код перестанет действовать: работать будет только новый.</li>}
        {staff.activated && (
          <li>Учётная запись уже активирована. С новым кодом сотрудник задаст новый пароль; прежний пароль действует, пока код не использован.</li>
        )}
        <li>Код показывается один раз. Передайте его сотруднику лично.</li>
      </ul>
      {error && (
        <p className="status error" role="alert" data-testid="issue-code-error">
          {error}
        </p>
      )}
      <div className="adm-modal-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => onClose(false)}>
          Отмена
        </button>
        <button data-testid="issue-code-confirm-ok" type="button" className="btn primary" autoFocus disabled={busy} onClick={issue}>
          {busy ? 'Выдача…' : staff.activationPending ? 'Выдать новый код' : 'Выдать код'}
        </button>
      </div>
    </Modal>
  );
}

function IssuedCode({ issued, onClose }: { issued: Issued; onClose(): void }) {
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(`${issued.fullName}\nЛогин: ${issued.login}\nКод активации: ${issued.code}`);
      setCopied('Скопировано в буфер обмена.');
    } catch {
      setCopied('Не удалось скопировать: перепишите код вручную.');
    }
  }

  return (
    // Esc does not close it: the code would be lost with a stray key.
    <Modal title="Код активации" onClose={onClose} closeOnEscape={false} className="code-slip" testId="issued-code-dialog">
      <p className="code-slip-school muted">Классный журнал — первый вход</p>
      <dl className="code-slip-who">
        <dt>Сотрудник</dt>
        <dd>{issued.fullName}</dd>
        <dt>Логин</dt>
        <dd>
          <code data-testid="issued-login">{issued.login}</code>
        </dd>
      </dl>
      <p className="code-slip-label">Код активации</p>
      <p className="issued-code" data-testid="issued-code">
        {issued.code}
      </p>
      <p className="code-slip-howto">
        На экране входа нажмите «Первый вход: у меня есть код активации», введите логин, этот код и придумайте пароль. Код действует один раз.
      </p>
      <p className="status info code-slip-once adm-no-print" role="note">
        Код показан только один раз и больше нигде не хранится. Напечатайте или скопируйте его сейчас и передайте сотруднику лично. Если код
        потеряется — выдайте новый.
      </p>
      {copied && (
        <p className="muted adm-no-print" role="status">
          {copied}
        </p>
      )}
      <div className="adm-modal-actions adm-no-print">
        <button type="button" className="btn" onClick={copy}>
          Скопировать
        </button>
        <button type="button" className="btn" onClick={() => window.print()}>
          Напечатать
        </button>
        <button data-testid="issued-code-close" type="button" className="btn primary" onClick={onClose}>
          Код передан, закрыть
        </button>
      </div>
    </Modal>
  );
}
