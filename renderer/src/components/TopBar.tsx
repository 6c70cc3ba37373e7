// The top bar: the program and school, the sync indicator, who is signed in (with
// roles), "Сменить пароль" and "Выйти".
import { useState } from 'react';
import { roleNames } from '../format';
import { ChangePasswordDialog } from './login/ChangePasswordDialog';
import { SyncIndicator } from './sync/SyncIndicator';
import type { AppInfo, SessionUser } from '../types';

interface Props {
  info: AppInfo;
  user: SessionUser;
  onSignOut(): void;
  onOpenSync(): void;
}

export function TopBar({ info, user, onSignOut, onOpenSync }: Props) {
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <header className="topbar">
      <div className="topbar-title">
        <span className="app-name">Классный журнал</span>
        <span className="school" title={info.schoolName}>
          {info.shortName || info.schoolName}
        </span>
        {info.isDemo && <span className="badge">демо</span>}
      </div>
      <div className="topbar-user">
        <SyncIndicator onOpen={onOpenSync} />
        <span className="user" title={user.fullName}>
          <span data-testid="user-name" className="user-name">
            {user.shortName}
          </span>
          <span className="roles">{roleNames(user.roles)}</span>
        </span>
        <button data-testid="change-password" type="button" className="btn" onClick={() => setChangingPassword(true)}>
          Сменить пароль
        </button>
        <button data-testid="logout" type="button" className="btn" onClick={onSignOut}>
          Выйти
        </button>
        {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} onSessionEnded={onSignOut} />}
      </div>
    </header>
  );
}
