import type { Page } from 'playwright-core';
import { signInAs } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 60_000;

/** Text of the field errors shown in the open form. */
const fieldErrors = (page: Page) => page.getByTestId('field-error').allTextContents();

describe('administration screens', () => {
  const suite = usePortalPage({ eachPage: (page) => signInAs(page, 'admin'), timeout: TIMEOUT });

  test(
    'creates an institution after checking it, shows a taken code next to the field, and deactivates with confirmation',
    async () => {
      const { page } = suite;
      await page.getByTestId('nav-institutions').click();
      await page.getByTestId('institution-row').first().waitFor();

      await page.getByTestId('institution-new').click();
      await page.getByTestId('institution-code').fill('bad code');
      await page.getByTestId('institution-save').click();
      expect(await fieldErrors(page)).toEqual(expect.arrayContaining(['Use 2–32 capital letters, digits or dashes.', 'Required.']));

      await page.getByTestId('institution-code').fill('KS-SF-T01');
      await page.getByTestId('institution-name').fill('Bulaqbeshi Township Health Centre');
      await page.getByTestId('institution-type').selectOption('TOWNSHIP_HEALTH_CENTRE');
      await page.getByTestId('institution-prefecture').fill('Kashgar');
      await page.getByTestId('institution-county').fill('Shufu');
      await page.getByTestId('institution-parent').selectOption({ label: 'Shufu County People’s Hospital (KS-SF-CH)' });
      await page.getByTestId('institution-save').click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=field-error]')].some((e) => e.textContent?.includes('An institution with this code already exists.')),
      );

      await page.getByTestId('institution-code').fill('KS-SF-T04');
      await page.getByTestId('institution-save').click();
      const created = page.locator('[data-testid=institution-row][data-code=KS-SF-T04]');
      await created.waitFor();
      expect(await page.getByTestId('institution-form').count()).toBe(0);
      expect(await created.locator('td').nth(4).textContent()).toContain('Shufu County People’s Hospital');
      expect(await page.getByTestId('toast').first().textContent()).toContain('Institution saved.');

      await page.getByTestId('institutions-search').fill('Bulaq');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=institution-row]').length === 1);

      await created.getByTestId('institution-toggle-active').click();
      await page.getByTestId('confirm-cancel').click();
      expect(await created.locator('.badge').textContent()).toContain('Active');
      await created.getByTestId('institution-toggle-active').click();
      await page.getByTestId('confirm-accept').click();
      await page.waitForFunction(() => document.querySelector('[data-code=KS-SF-T04] .badge')?.textContent?.includes('Inactive'));
    },
    TIMEOUT,
  );

  test(
    'creates a user with a role, explaining a weak password next to the field',
    async () => {
      const { page } = suite;
      await page.getByTestId('nav-users').click();
      await page.getByTestId('user-row').first().waitFor();
      expect(await page.getByTestId('user-row').count()).toBe(5);

      await page.getByTestId('user-new').click();
      await page.getByTestId('new-user-username').fill('gulnar.doctor');
      await page.getByTestId('new-user-display-name').fill('Dr. Gulnar Ahmet');
      await page.getByTestId('new-user-password').fill('short');
      await page.getByTestId('new-user-save').click();
      expect(await fieldErrors(page)).toEqual(expect.arrayContaining(['At least 10 characters.', 'Add at least one role.']));

      await page.getByTestId('role-picker-role').selectOption('TOWNSHIP_DOCTOR');
      await page.getByTestId('role-picker-institution').selectOption({ label: 'Wupar Township Health Centre' });
      await page.getByTestId('role-picker-add').click();
      await page.getByTestId('new-user-password').fill('password1234');
      await page.getByTestId('new-user-save').click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=field-error]')].some((e) => e.textContent?.includes('It must not be a common password.')),
      );

      await page.getByTestId('new-user-password').fill('Wupar-clinic-2026');
      await page.getByTestId('new-user-save').click();
      await page.getByTestId('user-profile-form').waitFor();
      expect(await page.getByTestId('user-role-list').textContent()).toContain('Township doctor · Wupar Township Health Centre');
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=user-row][data-username="gulnar.doctor"]').waitFor();
    },
    TIMEOUT,
  );

  test(
    'shows the audit trail newest first and prepends live events as they happen',
    async () => {
      const { portal, page } = suite;
      await page.getByTestId('nav-audit').click();
      const firstRow = page.getByTestId('audit-row').first();
      await firstRow.waitFor();
      // Newest first: this admin's sign-in is among the first rows (with what Home then read for them, such as the escalated follow-ups).
      const newest = await page.getByTestId('audit-row').evaluateAll((rows) => rows.slice(0, 5).map((row) => row.getAttribute('data-action')));
      expect(newest).toContain('auth.sign-in');

      await page.getByTestId('audit-live-toggle').check();
      await page.waitForFunction(() => document.querySelector('[data-testid=audit-live-status]')?.getAttribute('data-state') === 'on');
      // Someone elsewhere fails to sign in.
      await portal.api.gql('mutation { signIn(input: { username: "doctor", password: "wrong-password-1" }) { accessToken } }');
      await page.waitForFunction(() => document.querySelector('[data-testid=audit-row]')?.getAttribute('data-outcome') === 'FAILURE');
      expect(await firstRow.textContent()).toContain('INVALID_CREDENTIALS');
      expect(await firstRow.textContent()).toContain('doctor');

      await page.getByTestId('audit-outcome-filter').selectOption('FAILURE');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=audit-row]')].every((row) => row.getAttribute('data-outcome') === 'FAILURE'),
      );
    },
    TIMEOUT,
  );
});
