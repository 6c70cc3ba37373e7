// Вход: the school's name, login and password; in the demo school, its accounts.
// R-ROLE-6: a staff member's first sign-in is with the one-time activation code the
// administrator issued, and sets their own password (auth.activate signs them in).
// R-ROLE-7: the service locks a login after wrong passwords (LOCKED, its message says
// until when) and refuses weak passwords (VALIDATION); both are shown as they come.
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, call, errorMessage } from '../api';
import { DemoAccounts } from '../components/DemoAccounts';
import { EMPTY_PASSWORD, NewPasswordFields, newPasswordProblem, type NewPassword } from '../components/login/NewPasswordFields';
import type { ErrorCode } from '../../../service/api';
import type { AppInfo, SessionUser } from '../types';

interface Props {
  info: AppInfo;
  /** Why the user is here again (e.g. the session ended or locked itself when idle, R-ROLE-7). */
  notice: string | null;
  onSignedIn(user: SessionUser): void;
}

type Mode = 'password' | 'activation';

interface Failure {
  readonly message: string;
  readonly code: ErrorCode | null;
}

export function LoginScreen({ info, notice, onSignedIn }: Props) {
  const [mode, setMode] = useState<Mode>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState<NewPassword>(EMPTY_PASSWORD);
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);

  const fail = (message: string, errCode: ErrorCode | null = null) => setError({ message, code: errCode });

  async function signIn(run: () => Promise<SessionUser>) {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await run());
    } catch (err) {
      fail(errorMessage(err), err instanceof ApiError ? err.code : null);
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!login.trim()) return fail('Введите логин.');
    if (mode === 'password') {
      if (!password) return fail('Введите пароль.');
      return signIn(() => call('auth.login', { login: login.trim(), password }));
    }
    // R-ROLE-6: login + one-time code + the new password (typed twice, checked here; the
    // policy itself is checked by the service).
    if (!code.trim()) return fail('Введите код активации, который выдал администратор.');
    const problem = newPasswordProblem(newPassword);
    if (problem) return fail(problem);
    return signIn(() => call('auth.activate', { login: login.trim(), code: code.trim(), newPassword: newPassword.password }));
  }

  function switchTo(next: Mode) {
    setMode(next);
    setError(null);
    setPassword('');
    setCode('');
    setNewPassword(EMPTY_PASSWORD);
  }

  function pickDemo(demoLogin: string) {
    if (mode !== 'password') switchTo('password');
    setLogin(demoLogin);
    setPassword(info.demoPassword ?? '');
    setError(null);
    submitRef.current?.focus();
  }

  const activation = mode === 'activation';
  return (
    <main className="login-screen">
      <div className="login-layout">
        <section className="card login-card" aria-labelledby="login-title">
          <p className="app-name">Классный журнал</p>
          <h1 id="login-title" className="school-name">
            {info.schoolName}
          </h1>
          <form data-testid="login-form" data-mode={mode} className="login-form" onSubmit={submit} noValidate>
            <h2>{activation ? 'Первый вход' : 'Вход'}</h2>
            {notice && (
              <p data-testid="login-notice" className="status info" role="status">
                {notice}
              </p>
            )}
            {activation && (
              <p className="muted login-explain">
                Введите логин и код активации, который выдал администратор, и придумайте свой пароль. Код действует один раз.
              </p>
            )}
            <label className="field">
              <span>Логин</span>
              <input
                data-testid="login-input"
                name="login"
                autoComplete="username"
                autoFocus
                value={login}
                onChange={(e) => setLogin(e.target.value)}
              />
            </label>
            {!activation && (
              <label className="field">
                <span>Пароль</span>
                <input
                  data-testid="password-input"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>
            )}
            {activation && (
              <>
                <label className="field">
                  <span>Код активации</span>
                  <input
                    data-testid="activation-code"
                    name="activation-code"
                    className="activation-code-input"
                    autoComplete="one-time-code"
                    autoCapitalize="characters"
                    spellCheck={false}
                    autoFocus={login.trim() !== ''}
                    placeholder="XXXX-XXXX"
                    maxLength={32}
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                  />
                </label>
                <NewPasswordFields
                  value={newPassword}
                  onChange={setNewPassword}
                  disabled={busy}
                  testIds={{ password: 'activation-password', repeat: 'activation-password2' }}
                />
              </>
            )}
            {error && (
              <p data-testid="login-error" data-code={error.code ?? undefined} className="status error" role="alert">
                {error.message}
              </p>
            )}
            {activation ? (
              <button data-testid="activation-submit" type="submit" className="btn primary wide" disabled={busy}>
                {busy ? 'Активация…' : 'Активировать и войти'}
              </button>
            ) : (
              <button data-testid="login-submit" ref={submitRef} type="submit" className="btn primary wide" disabled={busy}>
                {busy ? 'Вход…' : 'Войти'}
              </button>
            )}
            <p className="login-switch">
              {activation ? (
                <button data-testid="password-toggle" type="button" className="link" disabled={busy} onClick={() => switchTo('password')}>
                  У меня уже есть пароль: обычный вход
                </button>
              ) : (
                <button data-testid="activation-toggle" type="button" className="link" disabled={busy} onClick={() => switchTo('activation')}>
                  Первый вход: у меня есть код активации
                </button>
              )}
            </p>
          </form>
        </section>
        {info.isDemo && <DemoAccounts accounts={info.demoAccounts} password={info.demoPassword} onPick={pickDemo} />}
      </div>
    </main>
  );
}
