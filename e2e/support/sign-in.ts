import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../api/src/seed/demo-region.js';

type DemoUsername = (typeof DEMO_USERS)[number]['username'];

export const demoPassword = (username: DemoUsername): string => DEMO_USERS.find((user) => user.username === username)!.password;

/** Fills the sign-in form and submits it (the page must be on /sign-in). */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** Opens the app, signs in as a demo user and waits for the home page. */
export async function signInAs(page: Page, username: DemoUsername): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, username, demoPassword(username));
  await page.getByTestId('home-welcome').waitFor();
}

/** The document's language and direction, as the language switch sets them. */
export const documentLanguage = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

/** Waits until <html lang> is `lang`. */
export const waitForLanguage = (page: Page, lang: string) =>
  page.waitForFunction((expected) => document.documentElement.lang === expected, lang);

/** Test ids of the navigation links, in order. */
export const navItems = (page: Page) =>
  page.getByTestId('main-nav').locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')));

export const storedRefreshToken = (page: Page) => page.evaluate(() => localStorage.getItem('oasis.refreshToken'));
