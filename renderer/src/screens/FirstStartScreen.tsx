// «Первый запуск» (issue 13): a fresh install has no school yet, and the window offers three
// choices instead of the sign-in — open the demo school (marked as a demo on the sign-in and
// in the top bar), create our school with its first administrator (whose key becomes the
// school's trust anchor: its fingerprint is shown to be written down), or join our school's
// share from its newest snapshot, as `journal sync --join` does. The service allows each only
// while no school exists (service/methods/first-start.ts) and answers in Russian.
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../api';
import { FolderField } from '../components/admin/FolderField';
import { EMPTY_PASSWORD, NewPasswordFields, newPasswordProblem, type NewPassword } from '../components/login/NewPasswordFields';
import '../setup.css';

interface Props {
  /** The journal now has a school: read app.info again and show the sign-in. */
  onDone(): void;
}

type Choice = 'menu' | 'create' | 'join';

export function FirstStartScreen({ onDone }: Props) {
  const [choice, setChoice] = useState<Choice>('menu');
  const [demoBusy, setDemoBusy] = useState(false);
  const [demoError, setDemoError] = useState<string | null>(null);

  const openDemo = async () => {
    setDemoBusy(true);
    setDemoError(null);
    try {
      await call('firstStart.openDemo', {});
      onDone();
    } catch (err) {
      setDemoError(errorMessage(err));
      setDemoBusy(false);
    }
  };

  return (
    <main className="login-screen first-start" data-testid="first-start">
      <section className="card first-start-card" aria-labelledby="first-start-title">
        <p className="app-name">Классный журнал</p>
        <h1 id="first-start-title">Первый запуск</h1>
        {choice === 'menu' && (
          <>
            <p className="muted">В этом журнале ещё нет школы. Выберите, с чего начать.</p>
            <div className="first-start-choices">
              <button type="button" className="first-start-choice" data-testid="first-start-demo" disabled={demoBusy} onClick={() => void openDemo()}>
                <strong>{demoBusy ? 'Создаётся демонстрационная школа…' : 'Открыть демонстрационную школу'}</strong>
                <span>Вымышленная школа с классами, учителями и отметками, чтобы попробовать программу. Она помечена как демонстрационная; для настоящей работы не годится.</span>
              </button>
              <button type="button" className="first-start-choice" data-testid="first-start-create" disabled={demoBusy} onClick={() => setChoice('create')}>
                <strong>Создать нашу школу</strong>
                <span>Первый запуск в школе: наименование школы и учётная запись администратора журнала. Затем — настройка учебного года.</span>
              </button>
              <button type="button" className="first-start-choice" data-testid="first-start-join" disabled={demoBusy} onClick={() => setChoice('join')}>
                <strong>Подключиться к журналу школы</strong>
                <span>Для ещё одного компьютера школы, где журнал уже ведётся: журнал берётся из сетевой папки школы.</span>
              </button>
            </div>
            {demoError && (
              <p className="status error" role="alert" data-testid="first-start-demo-error">
                {demoError}
              </p>
            )}
          </>
        )}
        {choice === 'create' && <CreateSchoolForm onBack={() => setChoice('menu')} onDone={onDone} />}
        {choice === 'join' && <JoinForm onBack={() => setChoice('menu')} onDone={onDone} />}
      </section>
    </main>
  );
}

interface FormProps {
  onBack(): void;
  onDone(): void;
}

function CreateSchoolForm({ onBack, onDone }: FormProps) {
  const [fullName, setFullName] = useState('');
  const [shortName, setShortName] = useState('');
  const [address, setAddress] = useState('');
  const [lastName, setLastName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [middleName, setMiddleName] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState<NewPassword>(EMPTY_PASSWORD);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ login: string; fingerprint: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problem = newPasswordProblem(password);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const r = await call('firstStart.createSchool', {
        fullName, shortName, address,
        admin: { lastName, firstName, middleName, login: login.trim(), password: password.password, passwordRepeat: password.repeat },
      });
      setCreated({ login: r.login, fingerprint: r.schoolKeyFingerprint });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <div className="first-start-done" data-testid="create-done">
        <p className="status ok" role="status">
          Школа создана. Администратор журнала: <strong>{created.login}</strong>.
        </p>
        <p>Запишите отпечаток ключа школы и храните его вместе с документами журнала. Его сверяют, когда к журналу подключают другой компьютер школы:</p>
        <p className="fingerprint" data-testid="create-fingerprint">
          {created.fingerprint}
        </p>
        <button type="button" className="btn primary" data-testid="create-to-login" onClick={onDone}>
          Я записал отпечаток — ко входу
        </button>
      </div>
    );
  }

  return (
    <form className="first-start-form" data-testid="create-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Создать нашу школу</h2>
      <label className="field">
        <span>Полное наименование (как в уставе)</span>
        <input data-testid="create-full-name" value={fullName} maxLength={300} onChange={(e) => setFullName(e.target.value)} autoFocus />
      </label>
      <div className="first-start-pair">
        <label className="field">
          <span>Краткое наименование</span>
          <input data-testid="create-short-name" value={shortName} maxLength={100} onChange={(e) => setShortName(e.target.value)} />
        </label>
        <label className="field">
          <span>Адрес</span>
          <input data-testid="create-address" value={address} maxLength={300} onChange={(e) => setAddress(e.target.value)} />
        </label>
      </div>
      <fieldset className="first-start-fieldset">
        <legend>Администратор журнала</legend>
        <div className="first-start-three">
          <label className="field">
            <span>Фамилия</span>
            <input data-testid="create-last-name" value={lastName} onChange={(e) => setLastName(e.target.value)} />
          </label>
          <label className="field">
            <span>Имя</span>
            <input data-testid="create-first-name" value={firstName} onChange={(e) => setFirstName(e.target.value)} />
          </label>
          <label className="field">
            <span>Отчество</span>
            <input data-testid="create-middle-name" value={middleName} onChange={(e) => setMiddleName(e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span>Логин</span>
          <input data-testid="create-login" value={login} autoComplete="username" spellCheck={false} onChange={(e) => setLogin(e.target.value)} />
        </label>
        <NewPasswordFields value={password} onChange={setPassword} disabled={busy} testIds={{ password: 'create-password', repeat: 'create-password2' }} />
      </fieldset>
      {error && (
        <p className="status error" role="alert" data-testid="create-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="create-submit" disabled={busy}>
          {busy ? 'Создание…' : 'Создать школу'}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onBack}>
          Назад
        </button>
      </div>
    </form>
  );
}

function JoinForm({ onBack, onDone }: FormProps) {
  const [share, setShare] = useState('');
  const [anchor, setAnchor] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<{ from: string; fingerprint: string | null } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!share.trim()) return setError('Укажите сетевую папку школы.');
    setBusy(true);
    setError(null);
    try {
      const r = await call('firstStart.join', { share: share.trim(), ...(anchor.trim() ? { anchor: anchor.trim() } : {}) });
      setJoined({ from: String(r.from), fingerprint: r.schoolKeyFingerprint });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (joined) {
    return (
      <div className="first-start-done" data-testid="join-done">
        <p className="status ok" role="status">
          Компьютер подключён к журналу школы.
        </p>
        {joined.fingerprint && (
          <p>
            Отпечаток ключа школы: <span className="fingerprint">{joined.fingerprint}</span>. Сверьте его с записанным.
          </p>
        )}
        <button type="button" className="btn primary" data-testid="join-to-login" onClick={onDone}>
          Ко входу
        </button>
      </div>
    );
  }

  return (
    <form className="first-start-form" data-testid="join-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Подключиться к журналу школы</h2>
      <p className="muted">Журнал будет взят из последнего снимка в сетевой папке школы. Папку и отпечаток ключа школы подскажет администратор журнала.</p>
      <FolderField label="Сетевая папка журнала" value={share} onChange={setShare} dialogTitle="Сетевая папка журнала школы" testId="join-share" placeholder="\\\\сервер\\журнал" />
      <label className="field">
        <span>Отпечаток ключа школы (если записан)</span>
        <input data-testid="join-anchor" value={anchor} maxLength={80} spellCheck={false} onChange={(e) => setAnchor(e.target.value)} />
      </label>
      {busy && (
        <p className="status loading" role="status" data-testid="join-progress">
          <progress /> Журнал копируется из сетевой папки и проверяется… Это может занять несколько минут.
        </p>
      )}
      {error && (
        <p className="status error" role="alert" data-testid="join-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="join-submit" disabled={busy}>
          {busy ? 'Подключение…' : 'Подключиться'}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onBack}>
          Назад
        </button>
      </div>
    </form>
  );
}
