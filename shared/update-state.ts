// What the window shows about the app's update (issue 15 item 2): the main process checks
// the share's update folder and lets electron-updater fetch the new version; the preload
// passes this state to the window (electron/update/, electron/preload.ts).
export type UpdateStatus =
  /** Nothing to tell: no share set, no new version, or a check in progress. */
  | 'none'
  /** A new version is being fetched from the share. */
  | 'downloading'
  /** A new version is fetched and installs when the app quits. */
  | 'ready'
  /** A new version is there, but only an administrator of the computer may install it. */
  | 'admin'
  /** The update folder holds something that cannot be installed, or the share is missing. */
  | 'problem';

export interface UpdateState {
  readonly status: UpdateStatus;
  /** The version found in the update folder, when one was. */
  readonly version: string | null;
  /** One or two Russian sentences for the window ('' when status is 'none'). */
  readonly message: string;
}

export const NO_UPDATE: UpdateState = { status: 'none', version: null, message: '' };
