// The preload (sandboxed, bundled to one CommonJS file): exposes `window.journal.invoke(method,
// args)`, which the main process forwards to the service, and `chooseFolder(title)`, the
// system's folder dialog (a path or null) — nothing else of the file system.
import { contextBridge, ipcRenderer } from 'electron';
import type { JournalBridge } from '../service/api';

const bridge: JournalBridge = {
  invoke: (method, args) => ipcRenderer.invoke('journal:invoke', method, args),
  chooseFolder: async (title) => {
    const folder: unknown = await ipcRenderer.invoke('journal:choose-folder', String(title));
    return typeof folder === 'string' ? folder : null;
  },
};

contextBridge.exposeInMainWorld('journal', bridge);
