// Вход: the school's name, login and password; in the demo school, its accounts.
import { useRef, useState, type FormEvent } from 'react';
import { call, errorMessage } from '../api';
import { DemoAccounts } from '../components/DemoAccounts';
import type { AppInfo, SessionUser } from '../types';

interface Props {
  info: AppInfo;
  /** Why the user is here again (e.g. the session ended). */
  notice: string | null;
  onSignedIn(user: SessionUser): void;
}

export function LoginScreen({ info, notice, onSignedIn }: Props) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!login.trim()) return setError('Введите логин.');
    if (!password) return setError('Введите пароль.');
    setBusy(true);
    setError(null);
    try {
      const user = await call('auth.login', { login: login.trim(), password });
      onSignedIn(user);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  function pickDemo(demoLogin: string) {
    setLogin(demoLogin);
    setPassword(info.demoPassword ?? '');
    setError(null);
    submitRef.current?.focus();
  }

  return (
    <main className="login-screen">
      <div className="login-layout">
        <section className="card login-card" aria-labelledby="login-title">
          <p className="app-name">Классный журнал</p>
          <h1 id="login-title" className="school-name">
            {info.schoolName}
          </h1>
          <form data-testid="login-form" className="login-form" onSubmit={submit} noValidate>
            <h2>Вход</h2>
            {notice && !error && <p className="status info">{notice}</p>}
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
            {error && (
              <p data-testid="login-error" className="status error" role="alert">
                {error}
              </p>
            )}
            <button data-testid="login-submit" ref={submitRef} type="submit" className="btn primary wide" disabled={busy}>
              {busy ? 'Вход…' : 'Войти'}
            </button>
          </form>
        </section>
        {info.isDemo && <DemoAccounts accounts={info.demoAccounts} password={info.demoPassword} onPick={pickDemo} />}
      </div>
    </main>
  );
}
