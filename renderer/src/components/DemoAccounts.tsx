// The demo school's accounts on the sign-in screen; a click fills the form.
interface Props {
  accounts: readonly { login: string; role: string }[];
  password: string | null;
  onPick(login: string): void;
}

export function DemoAccounts({ accounts, password, onPick }: Props) {
  return (
    <aside className="card demo-panel" aria-labelledby="demo-title">
      <h2 id="demo-title">Демонстрационная школа</h2>
      <p className="muted">Все данные вымышлены. Выберите учётную запись, чтобы заполнить форму входа.</p>
      <ul className="demo-accounts">
        {accounts.map((a) => (
          <li key={a.login}>
            <button type="button" className="link" onClick={() => onPick(a.login)}>
              {a.login}
            </button>
            <span className="muted"> — {a.role}</span>
          </li>
        ))}
      </ul>
      {password && (
        <p>
          Пароль для всех: <code>{password}</code>
        </p>
      )}
    </aside>
  );
}
