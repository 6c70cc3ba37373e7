// The browser preview's bridge: the same `window.journal.invoke` as Electron's preload,
// carried over HTTP to the preview server (preview/server.ts). Every call carries the
// per-run secret (from the URL the server printed) and a per-tab client id: each tab is
// its own caller with its own session.
import type { ArgsOf, CallResult, JournalBridge, MethodName, ResultOf } from '../../../service/api';

const SECRET_KEY = 'journal.bridgeSecret';
const CLIENT_KEY = 'journal.bridgeClient';

const NO_CONNECTION: CallResult<never> = { ok: false, error: { code: 'INTERNAL', message: 'Нет связи с программой.' } };

/** Takes the secret from `#bridge=<hex>` once, keeps it for this tab, and hides it from the address bar. */
function readSecret(): string | null {
  const match = /(?:^#|&)bridge=([0-9a-f]+)/i.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(SECRET_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(SECRET_KEY);
}

function clientId(): string {
  let id = sessionStorage.getItem(CLIENT_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(CLIENT_KEY, id);
  }
  return id;
}

function isCallResult(x: unknown): x is CallResult {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  return x.ok === true ? 'value' in x : typeof (x as { error?: unknown }).error === 'object';
}

export function createHttpBridge(secret: string, client: string): JournalBridge {
  async function invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<CallResult<ResultOf<M>>> {
    let body: unknown;
    try {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bridge-secret': secret, 'x-bridge-client': client },
        body: JSON.stringify({ method, args }),
      });
      body = await res.json();
    } catch {
      return NO_CONNECTION;
    }
    // The server answers every call with a CallResult (also for a wrong secret: FORBIDDEN).
    return isCallResult(body) ? (body as CallResult<ResultOf<M>>) : NO_CONNECTION;
  }
  return { invoke };
}

/**
 * Installs the HTTP bridge on `window.journal` unless the preload already did.
 * Returns false when there is no way to reach the program (no secret in this tab).
 */
export function installHttpBridge(): boolean {
  if (window.journal) return true;
  const secret = readSecret();
  if (!secret) return false;
  window.journal = createHttpBridge(secret, clientId());
  return true;
}
