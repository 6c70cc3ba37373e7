// The preload (sandboxed, bundled to one CommonJS file): exposes exactly one function,
// `window.journal.invoke(method, args)`, which the main process forwards to the service.
import { contextBridge, ipcRenderer } from 'electron';
import type { JournalBridge } from '../service/api';

const bridge: JournalBridge = {
  invoke: (method, args) => ipcRenderer.invoke('journal:invoke', method, args),
};

contextBridge.exposeInMainWorld('journal', bridge);
