// The top bar: the program and school, who is signed in (with roles), and "Выйти".
import { roleNames } from '../format';
import type { AppInfo, SessionUser } from '../types';

interface Props {
  info: AppInfo;
  user: SessionUser;
  onSignOut(): void;
}

export function TopBar({ info, user, onSignOut }: Props) {
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
        <span className="user" title={user.fullName}>
          <span data-testid="user-name" className="user-name">
            {user.shortName}
          </span>
          <span className="roles">{roleNames(user.roles)}</span>
        </span>
        <button data-testid="logout" type="button" className="btn" onClick={onSignOut}>
          Выйти
        </button>
      </div>
    </header>
  );
}
