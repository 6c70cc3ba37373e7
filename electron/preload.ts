// The preload (sandboxed, bundled to one CommonJS file): exposes `window.journal.invoke(method,
// args)`, which the main process forwards to the service, `chooseFolder(title)`, the
// system's folder dialog (a path or null) — nothing else of the file system — and the
// state of the app's update from the share (`updateState`, `onUpdateState`).
import { contextBridge, ipcRenderer } from 'electron';
import type { JournalBridge } from '../service/api';
import type { UpdateState } from '../shared/update-state';

const bridge: JournalBridge = {
  invoke: (method, args) => ipcRenderer.invoke('journal:invoke', method, args),
  chooseFolder: async (title) => {
    const folder: unknown = await ipcRenderer.invoke('journal:choose-folder', String(title));
    return typeof folder === 'string' ? folder : null;
  },
  updateState: () => ipcRenderer.invoke('journal:update-state') as Promise<UpdateState>,
  onUpdateState: (listener) => {
    const handler = (_event: unknown, state: UpdateState) => listener(state);
    ipcRenderer.on('journal:update-state', handler);
    return () => {
      ipcRenderer.removeListener('journal:update-state', handler);
    };
  },
};

contextBridge.exposeInMainWorld('journal', bridge);
