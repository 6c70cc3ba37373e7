// Messages between the main process and the database utility process.
import type { CallResult } from '../service/api';

export type ToWorker =
  | { readonly type: 'call'; readonly id: number; readonly caller: string; readonly method: string; readonly args: unknown }
  | { readonly type: 'end-caller'; readonly caller: string }
  | { readonly type: 'shutdown' };

export type FromWorker =
  | { readonly type: 'ready'; readonly db: string; readonly created: boolean }
  | { readonly type: 'result'; readonly id: number; readonly result: CallResult }
  | { readonly type: 'fatal'; readonly code: string; readonly message: string }
  | { readonly type: 'closed' };
