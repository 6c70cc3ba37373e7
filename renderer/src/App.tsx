// The app: restores the session on start (auth.me), shows the first start's choices on a
// fresh install (no school yet), the login screen or the shell,
// and goes back to the login screen whenever the service reports the session has ended.
import { useCallback, useEffect, useState } from 'react';
import { call, errorMessage, setUnauthenticatedHandler } from './api';
import { AppShell } from './components/AppShell';
import { ErrorBox, Loading } from './components/Status';
import { FirstStartScreen } from './screens/FirstStartScreen';
import { LoginScreen } from './screens/LoginScreen';
import type { AppInfo, SessionUser } from './types';

type Boot =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly info: AppInfo };

export function App() {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  const [user, setUser] = useState<SessionUser | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([call('app.info', {}), call('auth.me', {})]).then(
      ([info, me]) => {
        if (!live) return;
        setUser(me);
        setBoot({ status: 'ready', info });
      },
      (err: unknown) => live && setBoot({ status: 'error', message: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(() => {
    if (!user) return;
    setUnauthenticatedHandler((message) => {
      setNotice(message || 'Сеанс завершён. Войдите снова.');
      setUser(null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [user]);

  const signedIn = useCallback((u: SessionUser) => {
    setNotice(null);
    setUser(u);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call('auth.logout', {});
    } catch {
      // Signed out locally anyway: the next call would ask to sign in again.
    }
    setNotice(null);
    setUser(null);
  }, []);

  if (boot.status === 'loading') {
    return (
      <main className="center-screen">
        <Loading text="Запуск программы…" />
      </main>
    );
  }
  if (boot.status === 'error') {
    return (
      <main className="center-screen">
        <div className="card narrow">
          <h1>Классный журнал</h1>
          <ErrorBox
            message={boot.message}
            onRetry={() => {
              setBoot({ status: 'loading' });
              setAttempt((n) => n + 1);
            }}
          />
        </div>
      </main>
    );
  }
  // A fresh install (no school yet): the first start's three choices instead of the sign-in.
  if (!user && boot.info.needsSetup) {
    return (
      <FirstStartScreen
        onDone={() => {
          setBoot({ status: 'loading' });
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  if (!user) return <LoginScreen info={boot.info} notice={notice} onSignedIn={signedIn} />;
  // Keyed by user so that a different sign-in starts from its own home screen.
  return <AppShell key={user.id} info={boot.info} user={user} onSignOut={signOut} />;
}
