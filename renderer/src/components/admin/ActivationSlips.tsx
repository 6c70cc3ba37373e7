// Activation codes for several staff members at once, printed as slips (R-ROLE-6): one
// slip per person between cut-lines, each with the school, the person, the login, the code
// and where to activate. The codes live only in this dialog's state: the service keeps a
// hash, nothing here writes them anywhere, and once the dialog closes they are gone (a lost
// slip means a new code). Printing shows the slips alone (people.css, @media print).
import { useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { Modal } from './Modal';
import type { StaffMember } from './IssueCodeDialogs';

type Issued = ResultOf<'staff.issueActivation'>;

interface Props {
  staff: readonly StaffMember[];
  /** The school's short name, printed on each slip. */
  schoolName: string;
  /** issued: how many codes were issued (the list is read again). */
  onClose(issued: number): void;
}

export function ActivationSlipsDialog({ staff, schoolName, onClose }: Props) {
  const [issued, setIssued] = useState<Issued[] | null>(null);
  const [failed, setFailed] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const pending = staff.filter((s) => s.activationPending || s.activated);

  async function issueAll() {
    setBusy(true);
    const codes: Issued[] = [];
    const errors: string[] = [];
    // One by one: each code is its own change; a refusal for one person does not stop the others.
    for (const s of staff) {
      try {
        codes.push(await call('staff.issueActivation', { staffId: s.id }));
      } catch (err) {
        errors.push(`${s.fullName}: ${errorMessage(err)}`);
      }
    }
    setIssued(codes);
    setFailed(errors);
    setBusy(false);
  }

  if (issued) {
    return (
      // Esc does not close it: the codes would be lost with a stray key.
      <Modal title="Листки с кодами активации" onClose={() => onClose(issued.length)} closeOnEscape={false} className="slips-print" testId="slips-dialog">
        <p className="status info adm-no-print" role="note">
          Коды показаны только сейчас и больше нигде не хранятся. Напечатайте листки, разрежьте по линиям и передайте каждому сотруднику лично. Если
          листок потеряется — выдайте новый код.
        </p>
        {failed.length > 0 && (
          <div className="status error adm-no-print" role="alert" data-testid="slips-failed">
            Не выданы: {failed.join('; ')}
          </div>
        )}
        <div className="slips" data-testid="slips">
          {issued.map((c) => (
            <ActivationSlip key={c.staffId} issued={c} schoolName={schoolName} />
          ))}
        </div>
        <div className="adm-modal-actions adm-no-print">
          <button data-testid="slips-print" type="button" className="btn" onClick={() => window.print()} disabled={issued.length === 0}>
            Напечатать листки
          </button>
          <button data-testid="slips-close" type="button" className="btn primary" onClick={() => onClose(issued.length)}>
            Листки переданы, закрыть
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Выдать коды активации" onClose={() => onClose(0)} closeOnEscape={!busy} className="people-modal" testId="slips-confirm">
      <p>Новые коды для {staff.length} сотрудников:</p>
      <ul className="adm-modal-notes slips-who">
        {staff.map((s) => (
          <li key={s.id}>
            {s.fullName} (<code>{s.login}</code>)
          </li>
        ))}
      </ul>
      {pending.length > 0 && (
        <p className="muted">
          У {pending.length} из них уже есть код или пароль: прежний код перестанет действовать; пароль действует, пока не использован новый код.
        </p>
      )}
      <p className="muted">Коды покажутся один раз, на листках для печати.</p>
      <div className="adm-modal-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => onClose(0)}>
          Отмена
        </button>
        <button data-testid="slips-confirm-ok" type="button" className="btn primary" autoFocus disabled={busy} onClick={issueAll}>
          {busy ? 'Выдача…' : 'Выдать коды'}
        </button>
      </div>
    </Modal>
  );
}

function ActivationSlip({ issued, schoolName }: { issued: Issued; schoolName: string }) {
  return (
    <section className="slip" data-testid="slip" data-login={issued.login} aria-label={`Листок: ${issued.fullName}`}>
      <p className="slip-cut" aria-hidden="true">
        <span>✂</span>
      </p>
      <p className="slip-school">{schoolName} · Классный журнал</p>
      <p className="slip-name" data-testid="slip-name">
        {issued.fullName}
      </p>
      <dl className="slip-fields">
        <dt>Логин</dt>
        <dd>
          <code data-testid="slip-login">{issued.login}</code>
        </dd>
        <dt>Код активации</dt>
        <dd>
          <code className="slip-code" data-testid="slip-code">
            {issued.code}
          </code>
        </dd>
      </dl>
      <p className="slip-howto">
        Где активировать: программа «Классный журнал» на школьном компьютере. На экране входа нажмите «Первый вход: у меня есть код активации»,
        введите логин и код, придумайте пароль. Код действует один раз.
      </p>
    </section>
  );
}
