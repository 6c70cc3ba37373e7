// R-ROLE-7: teachers sign in on shared computers, so a session that sees no call for a
// while locks itself (ServiceHost drops it) and the next person has to sign in. The
// time is the regulation profile's idleLockMinutes.

/** "после 10 минут", "после 1 минуты", "после 21 минуты". */
function afterMinutes(n: number): string {
  return `после ${n} ${n % 10 === 1 && n % 100 !== 11 ? 'минуты' : 'минут'}`;
}

export function idleLockMessage(idleLockMs: number): string {
  const minutes = Math.max(1, Math.round(idleLockMs / 60_000));
  return `Сеанс завершён ${afterMinutes(minutes)} бездействия. Войдите снова.`;
}
