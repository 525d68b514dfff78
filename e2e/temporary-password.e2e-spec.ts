import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './support/portal.js';
import { demoPassword, documentLanguage, navItems, submitSignIn, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 60_000;
const USERNAME = 'aral.trainee';
const TEMPORARY_PASSWORD = 'Welcome2026aral';
const NEW_PASSWORD = 'Apricot-orchard-47';

const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { accessToken user { mustChangePassword } } }';
const INSTITUTIONS = 'query($filter: InstitutionsFilter) { institutions(filter: $filter) { id name } }';
const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id username mustChangePassword } }';

/** Text of the field errors shown in the form. */
const fieldErrors = (page: Page) => page.getByTestId('field-error').allTextContents();

describe('a temporary password set by an administrator', () => {
  /** GraphQL straight to the API under test, as another client would call it. */
  async function gql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    const response = await fetch(`${suite.portal.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  // The administrator creates a trainee at Aral Township Health Centre with a temporary password.
  const suite = usePortalPage({ setUp: createTrainee, timeout: TIMEOUT });

  async function createTrainee(): Promise<void> {
    const { signIn } = await gql<{ signIn: { accessToken: string } }>(SIGN_IN, { input: { username: 'admin', password: demoPassword('admin') } });
    const { institutions } = await gql<{ institutions: Array<{ id: string; name: string }> }>(INSTITUTIONS, { filter: { search: 'Aral' } }, signIn.accessToken);
    const aral = institutions.find((institution) => institution.name.includes('Aral'));
    expect(aral).toBeDefined();
    const { createUser } = await gql<{ createUser: { mustChangePassword: boolean } }>(
      CREATE_USER,
      {
        input: {
          username: USERNAME,
          displayName: 'Gulnar Tursun',
          locale: 'en',
          password: TEMPORARY_PASSWORD,
          roles: [{ role: 'TRAINEE', institutionId: aral!.id }],
        },
      },
      signIn.accessToken,
    );
    expect(createUser.mustChangePassword).toBe(true);
  }

  test(
    'must be replaced right after sign-in before anything else, then the new one signs in directly',
    async () => {
      const { page } = suite;
      await page.goto('/sign-in');
      await submitSignIn(page, USERNAME, TEMPORARY_PASSWORD);
      await page.waitForURL('**/change-password');
      expect(await page.getByTestId('change-password-required').textContent()).toContain(
        'Your password was set by an administrator. Choose your own password to continue.',
      );
      // No way around it: no navigation, no user menu; only the language and sign-out.
      expect(await page.getByTestId('main-nav').count()).toBe(0);
      expect(await page.getByTestId('user-menu').count()).toBe(0);
      expect(await page.getByTestId('change-password-cancel').count()).toBe(0);
      await page.getByTestId('sign-out').waitFor();
      // Nor by address: a reload resumes the session on the same screen.
      await page.goto('/');
      await page.getByTestId('change-password-required').waitFor();
      expect(new URL(page.url()).pathname).toBe('/change-password');

      // The explanation in Uyghur, right to left.
      await page.getByTestId('lang-ug').click();
      await waitForLanguage(page, 'ug');
      expect(await documentLanguage(page)).toEqual({ lang: 'ug', dir: 'rtl' });
      expect(await page.getByTestId('change-password-required').textContent()).toContain('ئىمىڭىزنى باشقۇرغۇچى بەلگىلىگەن');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'change-password-ug-rtl.png'), fullPage: true });
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');

      // Checked before sending: confirmation and letters-and-digits.
      await page.getByTestId('current-password').fill(TEMPORARY_PASSWORD);
      await page.getByTestId('new-password').fill('onlyletterspassword');
      await page.getByTestId('confirm-password').fill('somethingelse1');
      await page.getByTestId('change-password-submit').click();
      await page.getByText('The passwords do not match.').waitFor();
      expect(await fieldErrors(page)).toEqual(['Use both letters and digits.', 'The passwords do not match.']);

      // The server's reason, translated: the new password contains the username.
      const weak = `${USERNAME}2026`;
      await page.getByTestId('new-password').fill(weak);
      await page.getByTestId('confirm-password').fill(weak);
      await page.getByTestId('change-password-submit').click();
      await page.getByText('It must not contain the username.').waitFor();
      expect(await fieldErrors(page)).toEqual(['It must not contain the username.']);
      expect(new URL(page.url()).pathname).toBe('/change-password');

      // A good one: on to Home, with the whole app available again.
      await page.getByTestId('new-password').fill(NEW_PASSWORD);
      await page.getByTestId('confirm-password').fill(NEW_PASSWORD);
      await page.getByTestId('change-password-submit').click();
      await page.getByTestId('home-welcome').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.getByTestId('home-welcome').textContent()).toContain('Gulnar Tursun');
      expect(await navItems(page)).toEqual(['nav-home', 'nav-training', 'nav-certificates', 'nav-models']);

      // The voluntary way in: the user menu, without the explanation.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-change-password').click();
      await page.waitForURL('**/change-password?returnUrl=%2F');
      expect(await page.getByTestId('change-password-required').count()).toBe(0);
      await page.getByTestId('change-password-cancel').click();
      await page.getByTestId('home-welcome').waitFor();

      // Signing in again with the new password goes straight to Home.
      await page.getByTestId('sign-out').click();
      await page.waitForURL('**/sign-in');
      await submitSignIn(page, USERNAME, NEW_PASSWORD);
      await page.getByTestId('home-welcome').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.getByTestId('change-password-required').count()).toBe(0);
    },
    TIMEOUT,
  );
});
