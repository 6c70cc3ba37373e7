// `window.journal`: put there by the Electron preload, or by the preview's HTTP bridge.
import type { JournalBridge } from '../../../service/api';

declare global {
  interface Window {
    journal?: JournalBridge;
  }
}

export {};
