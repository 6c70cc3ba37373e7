// Shown in a browser tab that has no way to reach the program (no bridge secret).
export function NoBridge() {
  return (
    <main className="center-screen">
      <div className="card narrow" role="alert">
        <h1>Классный журнал</h1>
        <p>Нет связи с программой.</p>
        <p className="muted">
          Откройте предпросмотр по полной ссылке, которую напечатала команда запуска: в ней есть ключ доступа
          (<code>#bridge=…</code>). Ключ действует только для этого запуска.
        </p>
      </div>
    </main>
  );
}
