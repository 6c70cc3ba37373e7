// Calling the service as a signed-in user, for integration tests: sign in with the demo
// password, call a method expecting success, or expecting a refusal and its code.
import assert from 'node:assert/strict';
import type { ServiceHost } from '../../service/host';

export interface ServiceCalls {
  signIn(login: string, password?: string): Promise<string>;
  ok<T = Record<string, unknown>>(client: string, method: string, args: unknown): Promise<T>;
  /** The error code of a call that must be refused. */
  refused(client: string, method: string, args: unknown): Promise<string>;
}

export function serviceCalls(host: () => ServiceHost): ServiceCalls {
  return {
    async signIn(login, password = 'demo') {
      const client = `t:${login}:${Math.random()}`;
      const r = await host().call(client, 'auth.login', { login, password });
      if (!r.ok) assert.fail(`sign-in ${login}: ${r.error.code} ${r.error.message}`);
      return client;
    },
    async ok<T>(client: string, method: string, args: unknown): Promise<T> {
      const r = await host().call(client, method, args);
      if (!r.ok) assert.fail(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
    async refused(client, method, args) {
      const r = await host().call(client, method, args);
      assert.equal(r.ok, false, `${method} should be refused`);
      return r.ok ? '' : r.error.code;
    },
  };
}
