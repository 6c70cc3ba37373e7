// «Сменить пароль» (R-ROLE-7: each user answers for their credentials): the current
// password, the new one twice → auth.changePassword. The service checks the policy
// (VALIDATION), the current password (BAD_CREDENTIALS) and, after too many wrong ones,
// locks the login and ends the session (LOCKED): then the user is sent to sign in.
import { useState, type FormEvent } from 'react';
import { ApiError, call, errorMessage } from '../../api';
import { Modal } from '../admin/Modal';
import { EMPTY_PASSWORD, NewPasswordFields, newPasswordProblem, type NewPassword } from './NewPasswordFields';

interface Props {
  onClose(): void;
  /** The service ended the session (LOCKED after wrong current passwords): back to the login screen. */
  onSessionEnded(): void;
}

export function ChangePasswordDialog({ onClose, onSessionEnded }: Props) {
  const [oldPassword, setOldPassword] = useState('');
  const [next, setNext] = useState<NewPassword>(EMPTY_PASSWORD);
  const [error, setError] = useState<string | null>(null);
  const [locked, setLocked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!oldPassword) return setError('Введите текущий пароль.');
    const problem = newPasswordProblem(next);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await call('auth.changePassword', { oldPassword, newPassword: next.password });
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.code === 'LOCKED') setLocked(true);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Modal title="Смена пароля" onClose={onClose} testId="change-password-dialog">
        <p data-testid="change-password-done" className="status ok" role="status">
          Пароль изменён. В следующий раз входите с новым паролем.
        </p>
        <div className="adm-modal-actions">
          <button type="button" className="btn primary" autoFocus onClick={onClose}>
            Готово
          </button>
        </div>
      </Modal>
    );
  }

  if (locked) {
    return (
      <Modal title="Смена пароля" onClose={onSessionEnded} testId="change-password-dialog">
        <p data-testid="change-password-error" className="status error" role="alert">
          {error}
        </p>
        <p>Сеанс завершён. Войдите снова, когда блокировка закончится.</p>
        <div className="adm-modal-actions">
          <button type="button" className="btn primary" autoFocus onClick={onSessionEnded}>
            Ко входу
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Смена пароля" onClose={onClose} closeOnEscape={!busy} testId="change-password-dialog">
      <form className="adm-modal-form" data-testid="change-password-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Текущий пароль</span>
          <input
            data-testid="change-password-old"
            name="current-password"
            type="password"
            autoComplete="current-password"
            autoFocus
            disabled={busy}
            value={oldPassword}
            onChange={(e) => setOldPassword(e.target.value)}
          />
        </label>
        <NewPasswordFields value={next} onChange={setNext} disabled={busy} testIds={{ password: 'change-password-new', repeat: 'change-password-new2' }} />
        {error && (
          <p data-testid="change-password-error" className="status error" role="alert">
            {error}
          </p>
        )}
        <div className="adm-modal-actions">
          <button type="button" className="btn" disabled={busy} onClick={onClose}>
            Отмена
          </button>
          <button data-testid="change-password-submit" type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Сохранение…' : 'Сменить пароль'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
