// Loads one service call for a component: re-runs when the method or the arguments change,
// ignores answers that arrive after the arguments changed, and offers a reload.
import { useCallback, useEffect, useState } from 'react';
import type { ArgsOf, MethodName, ResultOf } from '../../../service/api';
import { call, errorMessage } from '../api';

export type CallState<T> =
  | { readonly status: 'loading'; readonly value?: undefined; readonly error?: undefined }
  | { readonly status: 'ok'; readonly value: T; readonly error?: undefined }
  | { readonly status: 'error'; readonly value?: undefined; readonly error: string };

interface Settled<T> {
  key: string;
  state: CallState<T>;
}

const LOADING = { status: 'loading' } as const;

/**
 * `args === null` skips the call (stays 'loading'). The state is keyed by the request, so a
 * new request shows 'loading' at once without clearing state inside the effect.
 */
export function useCall<M extends MethodName>(
  method: M,
  args: ArgsOf<M> | null,
): CallState<ResultOf<M>> & { readonly stale: ResultOf<M> | undefined; reload(): void } {
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
  return { ...state, stale, reload };
}
