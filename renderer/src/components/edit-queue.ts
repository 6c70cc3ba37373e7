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

/** R-REC-3 letters, typed in either keyboard layout (teachers forget to switch). */
const ATTENDANCE_KEYS: Readonly<Record<string, string>> = {
  н: 'Н', h: 'Н',
  у: 'У', y: 'У',
  б: 'Б', b: 'Б',
  о: 'О', o: 'О',
};

export function attendanceFromKey(key: string): string | null {
  return key.length === 1 ? (ATTENDANCE_KEYS[key.toLowerCase()] ?? null) : null;
}

export function markFromKey(key: string): string | null {
  return /^[2-5]$/.test(key) ? key : null;
}

/** The history shortcut: «И» — история (i / ш on the same key in the Russian layout). */
export function isHistoryKey(key: string): boolean {
  return key === 'i' || key === 'I' || key === 'ш' || key === 'Ш';
}
