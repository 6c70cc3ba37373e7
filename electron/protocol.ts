// Messages between the main process and the database utility process.
import type { CallResult } from '../service/api';

export type ToWorker =
  | { readonly type: 'call'; readonly id: number; readonly caller: string; readonly method: string; readonly args: unknown }
  | { readonly type: 'end-caller'; readonly caller: string }
  /** The sync share set for this computer (the update check reads <share>/updates, electron/update/). */
  | { readonly type: 'share-folder'; readonly id: number }
  | { readonly type: 'shutdown' };

export type FromWorker =
  | { readonly type: 'ready'; readonly db: string; readonly created: boolean }
  | { readonly type: 'result'; readonly id: number; readonly result: CallResult }
  | { readonly type: 'fatal'; readonly code: string; readonly message: string }
  | { readonly type: 'share-folder'; readonly id: number; readonly share: string | null }
  | { readonly type: 'closed' };
