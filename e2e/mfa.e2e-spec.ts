import { join } from 'node:path';
import { freshTotpCode } from '../api/src/testing/totp-codes.js';
import { SCREENSHOT_DIR } from './support/portal.js';
import { demoPassword, submitSignIn } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 90_000;

describe('two-factor sign-in in the browser', () => {
  // This suite opts in: the administrator's role requires a second factor, as in production by default.
  const suite = usePortalPage({ env: { OASIS_MFA_REQUIRED_ROLES: 'ADMIN' }, timeout: TIMEOUT });
  let secret = '';
  let recoveryCodes: string[] = [];

  test(
    'the administrator sets up an authenticator from the QR code before the first session',
    async () => {
      const { page } = suite;
      await page.goto('/sign-in');
      await submitSignIn(page, 'admin', demoPassword('admin'));
      await page.getByTestId('mfa-enrolment-step').waitFor();
      const qr = page.getByTestId('mfa-qr');
      await qr.waitFor();
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image/png'))).toBe(true);
      secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);

      // A wrong first code is refused with its reason; the set-up stays open.
      await page.getByTestId('mfa-enrol-code').fill('000000');
      await page.getByTestId('mfa-enrol-submit').click();
      await page.locator('[data-testid=error-banner][data-error-code=MFA_INVALID]').waitFor();

      await page.getByTestId('mfa-enrol-code').fill(await freshTotpCode(secret));
      await page.getByTestId('mfa-enrol-submit').click();
      const codes = page.getByTestId('mfa-recovery-codes').locator('code');
      await codes.first().waitFor();
      recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
      expect(recoveryCodes).toHaveLength(10);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'mfa-recovery-codes.png') });
      await page.getByTestId('mfa-recovery-continue').click();
      await page.getByTestId('home-welcome').waitFor();
    },
    TIMEOUT,
  );

  test(
    'signs in with the password and then a code; a used code is refused; a recovery code works once',
    async () => {
      expect(secret).not.toBe('');
      const { page } = suite;
      await page.goto('/sign-in');
      await submitSignIn(page, 'admin', demoPassword('admin'));
      await page.getByTestId('mfa-code-step').waitFor();
      const code = await freshTotpCode(secret);
      await page.getByTestId('mfa-code').fill(code);
      await page.getByTestId('mfa-code-submit').click();
      await page.getByTestId('home-welcome').waitFor();

      // The same code, seen over a shoulder, does not open a second session.
      const other = await suite.newPage();
      await other.goto('/sign-in');
      await submitSignIn(other, 'admin', demoPassword('admin'));
      await other.getByTestId('mfa-code').fill(code);
      await other.getByTestId('mfa-code-submit').click();
      await other.locator('[data-testid=error-banner][data-error-code=MFA_INVALID]').waitFor();
      expect(new URL(other.url()).pathname).toBe('/sign-in');

      await other.getByTestId('mfa-code').fill(recoveryCodes[0]);
      await other.getByTestId('mfa-code-submit').click();
      await other.getByTestId('home-welcome').waitFor();
    },
    TIMEOUT,
  );

  test(
    'an admin removes a lost authenticator; the person sets up a new one at the next sign-in',
    async () => {
      const { page } = suite;
      await page.goto('/sign-in');
      await submitSignIn(page, 'admin', demoPassword('admin'));
      await page.getByTestId('mfa-code').fill(recoveryCodes[1]);
      await page.getByTestId('mfa-code-submit').click();
      await page.getByTestId('home-welcome').waitFor();

      await page.getByTestId('nav-users').click();
      await page.locator('[data-testid=user-row][data-username=admin] [data-testid=user-manage]').click();
      const state = page.getByTestId('user-mfa-state');
      await page.waitForFunction(() => document.querySelector('[data-testid=user-mfa-state]')?.textContent?.includes('is set up'));
      await page.getByTestId('user-mfa-reset').click();
      await page.getByTestId('confirm-accept').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=user-mfa-state]')?.textContent?.includes('No authenticator'));
      expect(await state.textContent()).toContain('No authenticator app is set up.');

      const next = await suite.newPage();
      await next.goto('/sign-in');
      await submitSignIn(next, 'admin', demoPassword('admin'));
      await next.getByTestId('mfa-enrolment-step').waitFor();
    },
    TIMEOUT,
  );
});
