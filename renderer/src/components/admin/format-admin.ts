// Russian words for the administration screens: plurals, lock times, account states.

/** plural(5, 'день', 'дня', 'дней') → 'дней' (Russian number agreement). */
export function plural(n: number, one: string, few: string, many: string): string {
  const n10 = Math.abs(n) % 10;
  const n100 = Math.abs(n) % 100;
  if (n10 === 1 && n100 !== 11) return one;
  if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) return few;
  return many;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as local '10:45', with the date when it is not today: '10:45 24.11.2026'. */
export function formatLockTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Rounded up to the minute, as the service says it (service/auth/lockout.ts).
  const t = new Date(Math.ceil(d.getTime() / 60_000) * 60_000);
  const time = `${pad(t.getHours())}:${pad(t.getMinutes())}`;
  const sameDay = t.getFullYear() === now.getFullYear() && t.getMonth() === now.getMonth() && t.getDate() === now.getDate();
  return sameDay ? time : `${time} ${pad(t.getDate())}.${pad(t.getMonth() + 1)}.${t.getFullYear()}`;
}
