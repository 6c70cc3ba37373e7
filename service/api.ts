// The types of the service API as its callers see them (type-only: safe for the renderer).
import type { z } from 'zod';
import type { ErrorPayload } from './errors';
import type { UpdateState } from '../shared/update-state';
import type { MethodName, Methods } from './methods';

export type { MethodName } from './methods';
export type { ErrorPayload, ErrorCode } from './errors';

export type ArgsOf<M extends MethodName> = z.input<Methods[M]['input']>;
export type ResultOf<M extends MethodName> = Awaited<ReturnType<Methods[M]['run']>>;

export type CallResult<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorPayload };

/** What the preload (and the preview bridge) put on `window.journal`. */
export interface JournalBridge {
  invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<CallResult<ResultOf<M>>>;
  /**
   * The system's folder dialog (Electron's preload): the folder chosen, or null when the
   * dialog was cancelled. Absent in the browser preview, where folders are typed.
   */
  chooseFolder?(title: string): Promise<string | null>;
  /**
   * The app's update from the share (Electron's preload, electron/update/): the state now,
   * and a listener for its changes (it returns the unsubscribe). Absent in the browser preview.
   */
  updateState?(): Promise<UpdateState>;
  onUpdateState?(listener: (state: UpdateState) => void): () => void;
}
