// The app's update from the share (issue 15 item 2), one line above the screen: a new version
// waits for the quit, needs an administrator of the computer, or cannot be taken (a damaged
// or older installer, two versions at once, a missing share). The state comes from the
// Electron preload (window.journal.updateState / onUpdateState); the browser preview has none.
import { useEffect, useState } from 'react';
import type { UpdateState } from '../../../shared/update-state';

export function UpdateBanner() {
  const [state, setState] = useState<UpdateState | null>(null);
  useEffect(() => {
    const bridge = window.journal;
    if (!bridge?.updateState || !bridge.onUpdateState) return;
    let live = true;
    bridge.updateState().then((s) => live && setState(s), () => undefined);
    const off = bridge.onUpdateState((s) => setState(s));
    return () => {
      live = false;
      off();
    };
  }, []);
  if (!state || state.status === 'none' || state.status === 'downloading' || !state.message) return null;
  return (
    <div className={`banner update-banner ${state.status === 'ready' ? 'ok' : 'warn'}`} role="status" data-testid="update-banner" data-status={state.status}>
      {state.message}
    </div>
  );
}
