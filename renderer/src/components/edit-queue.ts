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

  busy(): boolean {
    for (const list of this.pending.values()) if (list.length > 0) return true;
    return false;
  }

  /** Whenever every queued call has settled. */
  async settled(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }

  push(key: string, edit: E): Promise<void> {
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
