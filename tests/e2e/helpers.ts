// Shared steps of the end-to-end tests.
import { expect, type Page } from '@playwright/test';
import { openDatabase } from '../../db/connection';

export const SHOTS = new URL('./artifacts/screenshots/', import.meta.url).pathname;

export function appUrl(): string {
  const url = process.env.E2E_URL;
  if (!url) throw new Error('E2E_URL is not set: the global setup did not run');
  return url;
}

/** Opens the app in a fresh tab and signs in. */
export async function signIn(page: Page, login: string, password = 'demo'): Promise<void> {
  await page.goto(appUrl());
  await page.getByTestId('login-input').fill(login);
  await page.getByTestId('password-input').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toBeVisible();
}

/** Reads the e2e database directly (read-only use), to compare screens with the data. */
export async function withDb<T>(fn: (knex: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const knex = openDatabase(process.env.E2E_DB!);
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

/** Collects console errors and CSP violations of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
