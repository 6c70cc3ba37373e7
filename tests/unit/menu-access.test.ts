// The renderer's menus follow the rule book: every screen is offered only to roles the
// service admits to the method the screen is built on (issue 10).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MENU_ACCESS } from '../../shared/menu-access';
import { rolesOf } from '../../shared/role-sets';
import { accessRoles } from '../../service/define';
import { methods } from '../../service/methods';

describe('menus and the service name the same role sets', () => {
  for (const [entry, { roles, method }] of Object.entries(MENU_ACCESS)) {
    it(`«${entry}» is offered only to roles that may call ${method}`, () => {
      const def = (methods as Record<string, { access: Parameters<typeof accessRoles>[0] } | undefined>)[method];
      assert.ok(def, `${method} is a method of the service`);
      const admitted = accessRoles(def.access);
      for (const r of rolesOf(roles)) assert.ok(admitted.includes(r), `${entry}: ${r} is offered the screen, but ${method} refuses ${r}`);
    });
  }

  it('every method names a role set or is open to every member of staff', () => {
    for (const [name, def] of Object.entries(methods)) {
      assert.ok(typeof def.access === 'string', `${name}: access is a named set, not a list written inline`);
    }
  });
});
