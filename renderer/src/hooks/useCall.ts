// Loads one service call for a component: re-runs when the method or the arguments change,
// ignores answers that arrive after the arguments changed, and offers a reload. With
// `followSync` it is read again, quietly, whenever a sync brings changes from other
// computers: the last answer stays on screen until the new one replaces it (rows keyed by
// id keep what is being typed in them), and the ids of the items that changed are given
// for a moment, to highlight them (issue 17, point 10).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArgsOf, MethodName, ResultOf } from '../../../service/api';
import { call, errorMessage } from '../api';
import { useSyncChanges } from './useSyncChanges';

export type CallState<T> =
  | { readonly status: 'loading'; readonly value?: undefined; readonly error?: undefined }
  | { readonly status: 'ok'; readonly value: T; readonly error?: undefined }
  | { readonly status: 'error'; readonly value?: undefined; readonly error: string };

interface Settled<T> {
  key: string;
  state: CallState<T>;
}

export interface CallOptions<T> {
  /** Read again whenever a sync brings changes from other computers. */
  readonly followSync?: boolean;
  /** The items of an answer, by id: those a sync read changed are in `changed` for a moment. */
  readonly items?: (value: T) => readonly { readonly id: string }[];
}

/** How long the items a sync changed are given in `changed`. */
export const CHANGED_MS = 2000;
const NONE: ReadonlySet<string> = new Set();

/** The ids of the items of `next` that are new or differ from those of `prev`. */
export function changedIds(prev: readonly { readonly id: string }[], next: readonly { readonly id: string }[]): Set<string> {
  const before = new Map(prev.map((x) => [x.id, JSON.stringify(x)]));
  return new Set(next.filter((x) => before.get(x.id) !== JSON.stringify(x)).map((x) => x.id));
}

const LOADING = { status: 'loading' } as const;

/**
 * `args === null` skips the call (stays 'loading'). The state is keyed by the request, so a
 * new request shows 'loading' at once without clearing state inside the effect.
 */
export function useCall<M extends MethodName>(
  method: M,
  args: ArgsOf<M> | null,
  options: CallOptions<ResultOf<M>> = {},
): CallState<ResultOf<M>> & { readonly stale: ResultOf<M> | undefined; reload(): void; readonly changed: ReadonlySet<string> } {
  const [nonce, setNonce] = useState(0);
  const [settled, setSettled] = useState<Settled<ResultOf<M>> | null>(null);
  const argsJson = args === null ? null : JSON.stringify(args);
  const key = `${method}|${argsJson ?? ''}|${nonce}`;

  useEffect(() => {
    if (argsJson === null) return;
    let live = true;
    call(method, JSON.parse(argsJson) as ArgsOf<M>).then(
      (value) => live && setSettled({ key, state: { status: 'ok', value } }),
      (err: unknown) => live && setSettled({ key, state: { status: 'error', error: errorMessage(err) } }),
    );
    return () => {
      live = false;
    };
  }, [method, argsJson, key]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const state: CallState<ResultOf<M>> = settled && settled.key === key ? settled.state : LOADING;
  // While a new request loads, the last answer (for other arguments) can stay on screen.
  const stale = settled?.state.status === 'ok' ? settled.state.value : undefined;

  // Following the sync: the same request again; its answer replaces the one it was asked after.
  const [changed, setChanged] = useState<{ key: string; ids: ReadonlySet<string> } | null>(null);
  const now = useRef({ method, argsJson, key, options, settled });
  useEffect(() => {
    now.current = { method, argsJson, key, options, settled };
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const refresh = useCallback(() => {
    const asked = now.current;
    if (asked.argsJson === null) return;
    call(asked.method, JSON.parse(asked.argsJson) as ArgsOf<M>).then(
      (value) => {
        const prev = now.current.settled;
        if (now.current.key !== asked.key || !prev || prev.key !== asked.key || prev.state.status !== 'ok') return;
        setSettled({ key: asked.key, state: { status: 'ok', value } });
        const items = asked.options.items;
        const ids = items ? changedIds(items(prev.state.value), items(value)) : NONE;
        if (ids.size > 0) {
          setChanged({ key: asked.key, ids });
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => setChanged(null), CHANGED_MS);
        }
      },
      () => undefined, // the next sync's changes ask again
    );
  }, []);
  useSyncChanges(refresh, options.followSync === true && argsJson !== null);

  return { ...state, stale, reload, changed: changed && changed.key === key ? changed.ids : NONE };
}
