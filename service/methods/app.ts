// What the sign-in screen shows before anyone signs in.
import { z } from 'zod';
import { defineMethod } from '../define';
import { DEMO_ACCOUNTS_HINT, DEMO_PASSWORD } from '../demo-accounts';

export const info = defineMethod({
  summary: 'Название школы и учебный год для экрана входа',
  access: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    const school = await ctx.db.knex('school').first('full_name', 'short_name', 'is_demo');
    const isDemo = school?.is_demo === 1;
    return {
      schoolName: school?.full_name ?? 'Школа не настроена',
      /** A fresh install: no school yet, the first start's choices are offered (first-start.ts). */
      needsSetup: !school,
      shortName: school?.short_name ?? '',
      isDemo,
      // Only the demo school shows its accounts on the sign-in screen.
      demoAccounts: isDemo ? DEMO_ACCOUNTS_HINT : [],
      demoPassword: isDemo ? DEMO_PASSWORD : null,
    };
  },
});
