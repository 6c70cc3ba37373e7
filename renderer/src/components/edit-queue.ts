// Optimistic edits, one queue per cell: every change shows at once, the service calls of
// one cell go out one after another in the order typed, and a refused change is taken
// out again without losing the changes typed after it (shown = confirmed + pending).
// Pure of React: the grid passes a callback that receives the value to show.

export interface PendingEdit<T> {
  /** The change as the user sees it. */
  apply(value: T): T;
  /** The service call that makes it. */
  send(): Promise<unknown>;
}

export class EditQueues<T, E extends PendingEdit<T> = PendingEdit<T>> {
  private readonly confirmed = new Map<string, T>();
  private readonly pending = new Map<string, E[]>();
  private readonly tails = new Map<string, Promise<void>>();
  /** Grows with every edit pushed; by key, its value at the key's last edit. */
  private clock = 0;
  private readonly touchedAt = new Map<string, number>();

  constructor(
    /** The value of a cell as loaded, before any edit. */
    private readonly initial: (key: string) => T,
    /** Called with the value to show whenever it changes. */
    private readonly show: (key: string, value: T) => void,
    /** Called when the service refuses an edit (after it is taken back). */
    private readonly refused: (key: string, err: unknown, edit: E) => void,
  ) {}

  /** What the cell shows now: the confirmed value with the pending edits applied. */
  current(key: string): T {
    let v = this.confirmed.has(key) ? (this.confirmed.get(key) as T) : this.initial(key);
    for (const e of this.pending.get(key) ?? []) v = e.apply(v);
    return v;
  }

  /** Whether the key has edits not yet answered by the service. */
  busyWith(key: string): boolean {
    return (this.pending.get(key)?.length ?? 0) > 0;
  }

  busy(): boolean {
    for (const list of this.pending.values()) if (list.length > 0) return true;
    return false;
  }

  /** Whenever every queued call has settled. */
  async settled(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }

  /** Where the edits stand now: a read of the service begun now can later ask quietSince. */
  tick(): number {
    return this.clock;
  }

  /**
   * Whether a value read from the service at `tick` may replace the key's: no edit of it
   * in flight and none pushed since (else the read may predate what was typed).
   */
  quietSince(key: string, tick: number): boolean {
    return !this.busyWith(key) && (this.touchedAt.get(key) ?? 0) <= tick;
  }

  /** The value the service has now (a change from another computer) becomes the confirmed one. */
  rebase(key: string, value: T): void {
    this.confirmed.set(key, value);
    this.show(key, this.current(key));
  }

  /** Whether `value` is what the service may hold because of this window's own edits: the confirmed value, or it with the first edits in flight applied. */
  explains(key: string, value: T, same: (a: T, b: T) => boolean): boolean {
    let v = this.confirmed.has(key) ? (this.confirmed.get(key) as T) : this.initial(key);
    if (same(v, value)) return true;
    for (const e of this.pending.get(key) ?? []) {
      v = e.apply(v);
      if (same(v, value)) return true;
    }
    return false;
  }

  push(key: string, edit: E): Promise<void> {
    this.touchedAt.set(key, ++this.clock);
    const list = this.pending.get(key) ?? [];
    list.push(edit);
    this.pending.set(key, list);
    this.show(key, this.current(key));
    const run = async (): Promise<void> => {
      let error: unknown = null;
      let ok = false;
      try {
        await edit.send();
        ok = true;
      } catch (err) {
        error = err;
      }
      const base = this.confirmed.has(key) ? (this.confirmed.get(key) as T) : this.initial(key);
      if (ok) this.confirmed.set(key, edit.apply(base));
      const rest = (this.pending.get(key) ?? []).filter((e) => e !== edit);
      this.pending.set(key, rest);
      this.show(key, this.current(key));
      if (!ok) this.refused(key, error, edit);
    };
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(run);
    this.tails.set(key, tail);
    return tail;
  }
}

/** What a page read again from the service (after a sync brought changes) does to the shown values. */
export interface RefreshPlan<T> {
  /** Shown now, briefly highlighted: changed elsewhere, and nothing typed here is in the way. */
  readonly update: ReadonlyMap<string, T>;
  /**
   * Changed elsewhere while being typed into here: what was typed stays on screen and goes
   * to the service as typed (two changes of one cell that did not see each other are the
   * sync's usual conflict); the value read is only noted.
   */
  readonly held: ReadonlyMap<string, T>;
  /** Some values could not be judged (an edit settled while the page was read): read again. */
  readonly again: boolean;
}

/**
 * Compares a page read at `tick` (EditQueues.tick, taken before the read) with what the
 * queues show. `editing`: the key being typed into (the focused cell once typed in), never
 * replaced under the user's hands.
 */
export function planRefresh<T, E extends PendingEdit<T>>(
  queues: EditQueues<T, E>,
  keys: Iterable<string>,
  fresh: (key: string) => T,
  same: (a: T, b: T) => boolean,
  tick: number,
  editing: string | null,
): RefreshPlan<T> {
  const update = new Map<string, T>();
  const held = new Map<string, T>();
  let again = false;
  for (const key of new Set(keys)) {
    const value = fresh(key);
    if (same(queues.current(key), value)) continue;
    if (queues.quietSince(key, tick)) {
      if (key === editing) held.set(key, value);
      else update.set(key, value);
    } else if (queues.busyWith(key) && !queues.explains(key, value, same)) {
      // Edits in flight on a value someone else changed: they go on; read again once settled.
      held.set(key, value);
      again = true;
    } else {
      again = true;
    }
  }
  return { update, held, again };
}

/** A key press as the grid reads it: the physical key (`code`) and what the layout made of it (`key`). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
}

/**
 * R-REC-3 letters by the position of the key on a Russian ЙЦУКЕН keyboard, so that each
 * key means the letter printed on it whichever layout is on (teachers forget to switch):
 * the key marked Н sends "н" or "y", and both are Н.
 */
const ATTENDANCE_CODES: Readonly<Record<string, string>> = { KeyY: 'Н', KeyE: 'У', Comma: 'Б', KeyJ: 'О' };
/** The key marked И (KeyB: "и" or "b"): the cell's history. */
const HISTORY_CODE = 'KeyB';
const MARK_CODE = /^(?:Digit|Numpad)([2-5])$/;

/**
 * Where the browser gives no position (an on-screen keyboard, a remote session), the
 * Russian letter itself; never a Latin letter, whose position is unknown.
 */
const RUSSIAN_LETTERS: Readonly<Record<string, string>> = { н: 'Н', у: 'У', б: 'Б', о: 'О', и: 'И' };

const positioned = (k: KeyPress): boolean => k.code !== '' && k.code !== 'Unidentified';

function letterOf(k: KeyPress): string | null {
  if (positioned(k)) {
    if (k.code === HISTORY_CODE) return 'И';
    return ATTENDANCE_CODES[k.code] ?? null;
  }
  return k.key.length === 1 ? (RUSSIAN_LETTERS[k.key.toLowerCase()] ?? null) : null;
}

/** Н, У, Б or О from the key marked so, in either layout. */
export function attendanceFromKey(k: KeyPress): string | null {
  const letter = letterOf(k);
  return letter === 'И' ? null : letter;
}

/** A mark 2–5 from the digit keys of the top row or the numeric keypad, in any layout. */
export function markFromKey(k: KeyPress): string | null {
  const byCode = MARK_CODE.exec(k.code);
  if (byCode) return byCode[1]!;
  return !positioned(k) && /^[2-5]$/.test(k.key) ? k.key : null;
}

/** The history shortcut: the key marked И (история), in either layout. */
export function isHistoryKey(k: KeyPress): boolean {
  return letterOf(k) === 'И';
}
