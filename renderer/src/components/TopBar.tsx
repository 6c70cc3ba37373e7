// The top bar: the program and school, the sync indicator, who is signed in (with
// roles), "Сменить пароль" and "Выйти"; the search box for a student, for every role
// (the service answers with whom the role may see).
import { useState } from 'react';
import { roleNames } from '../format';
import { searchesStudents } from '../route';
import { ChangePasswordDialog } from './login/ChangePasswordDialog';
import { StudentPicker, type FoundStudent } from './people/StudentPicker';
import { SyncIndicator } from './sync/SyncIndicator';
import type { AppInfo, SessionUser } from '../types';

interface Props {
  info: AppInfo;
  user: SessionUser;
  onSignOut(): void;
  onOpenSync(): void;
  /** A student chosen in the search box: their class is opened. */
  onOpenStudent(student: FoundStudent): void;
}

export function TopBar({ info, user, onSignOut, onOpenSync, onOpenStudent }: Props) {
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
      {searchesStudents(user) && (
        <StudentPicker
          testId="student-search"
          label="Найти ученика"
          hiddenLabel
          placeholder="Найти ученика: фамилия, имя"
          className="topbar-search"
          clearOnPick
          onPick={onOpenStudent}
        />
      )}
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
