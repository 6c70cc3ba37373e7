// The renderer's one way to the journal: a typed call that returns the value or throws
// an ApiError with the service's code and Russian message.
import type { ArgsOf, ErrorCode, MethodName, ResultOf } from '../../service/api';

export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthenticated: ((message: string) => void) | null = null;

/**
 * Called whenever the service says no one is signed in (the session ended, e.g. locked
 * after idle time, R-ROLE-7): back to the login screen with the service's message.
 */
export function setUnauthenticatedHandler(handler: ((message: string) => void) | null): void {
  onUnauthenticated = handler;
}

export async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const bridge = window.journal;
  if (!bridge) throw new ApiError('INTERNAL', 'Нет связи с программой.');
  const result = await bridge.invoke(method, args);
  if (result.ok) return result.value;
  if (result.error.code === 'UNAUTHENTICATED') onUnauthenticated?.(result.error.message);
  throw new ApiError(result.error.code, result.error.message);
}

/** A Russian message for anything a call may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Внутренняя ошибка программы.';
}
