import { join } from 'node:path';
import { SCREENSHOT_DIR } from './support/portal.js';
import { demoPassword, documentLanguage, navItems, submitSignIn, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 60_000;

/** Polls `check` until it holds (or fails after 10 s). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('administrator in the browser', () => {
  const suite = usePortalPage({ timeout: TIMEOUT });

  test(
    'a wrong password shows the error in the chosen language',
    async () => {
      const { page } = suite;
      await page.goto('/');
      await page.waitForURL('**/sign-in');
      await page.getByTestId('lang-zh').click();
      await waitForLanguage(page, 'zh');

      await submitSignIn(page, 'admin', 'not-the-password-1');
      const banner = page.getByTestId('error-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-error-code')).toBe('INVALID_CREDENTIALS');
      expect(await banner.textContent()).toContain('用户名或密码错误');
      // The password field is emptied for the next try; the person stays on the sign-in page.
      expect(await page.getByTestId('sign-in-password').inputValue()).toBe('');
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      // The message follows a language switch.
      await page.getByTestId('lang-en').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=error-banner]')?.textContent?.includes('Wrong username or password'));
    },
    TIMEOUT,
  );

  test(
    'signs in, lists the demo institutions, and turns right-to-left in Uyghur',
    async () => {
      const { portal, page } = suite;
      await page.goto('/');
      await page.waitForURL('**/sign-in');
      await submitSignIn(page, 'admin', demoPassword('admin'));

      await page.getByTestId('home-welcome').waitFor();
      expect(await page.getByTestId('user-name').textContent()).toContain('Aynur Tursun');
      expect(await page.getByTestId('user-roles').textContent()).toContain('Administrator');
      expect(await navItems(page)).toEqual(['nav-home', 'nav-training', 'nav-institutions', 'nav-users', 'nav-audit', 'nav-break-glass', 'nav-escalations', 'nav-pacs', 'nav-dashboard', 'nav-models', 'nav-monitoring']);

      await page.getByTestId('nav-institutions').click();
      await page.waitForURL('**/institutions');
      const rows = page.getByTestId('institution-row');
      await rows.first().waitFor();
      const names = await rows.locator('td:first-child').allTextContents();
      expect(names.map((n) => n.trim())).toEqual(expect.arrayContaining(['Tokuzak Township Health Centre', 'Kashgar Prefecture People’s Hospital']));
      expect(await rows.count()).toBe(10);
      expect(await page.locator('[data-testid=institution-row][data-code=KS-SF-T01] td').nth(4).textContent()).toContain('Shufu County People’s Hospital');

      // Uyghur: the whole document turns right-to-left and the navigation speaks Uyghur.
      await page.getByTestId('lang-ug').click();
      await waitForLanguage(page, 'ug');
      expect(await documentLanguage(page)).toEqual({ lang: 'ug', dir: 'rtl' });
      expect((await page.getByTestId('nav-home').textContent())?.trim()).toBe('باش بەت');
      expect((await page.getByTestId('nav-institutions').textContent())?.trim()).toBe('ئورگانلار');
      expect((await page.getByTestId('nav-users').textContent())?.trim()).toBe('ئىشلەتكۈچىلەر');
      expect((await page.getByTestId('sign-out').textContent())?.trim()).toBe('چىقىش');
      expect(await page.locator('h1').textContent()).toContain('ئورگانلار');

      // Mirrored layout: navigation on the right of the content, table text starting at the right.
      const nav = (await page.getByTestId('main-nav').boundingBox())!;
      const main = (await page.locator('main').boundingBox())!;
      expect(nav.x).toBeGreaterThan(main.x);
      const headerCell = await page.locator('[data-testid=institutions-table] th').first().evaluate((th) => {
        const cell = th.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(th);
        const text = range.getBoundingClientRect();
        return { cellRight: cell.right, textRight: text.right, cellLeft: cell.left, textLeft: text.left };
      });
      expect(headerCell.cellRight - headerCell.textRight).toBeLessThan(headerCell.textLeft - headerCell.cellLeft);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'institutions-ug-rtl.png'), fullPage: true });

      // And back to English, left-to-right.
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      expect(await documentLanguage(page)).toEqual({ lang: 'en', dir: 'ltr' });
      expect((await page.getByTestId('nav-institutions').textContent())?.trim()).toBe('Institutions');

      // The choice is remembered on the profile too, so the next sign-in anywhere uses it.
      const token = await portal.api.signIn('admin');
      await waitFor(async () => (await portal.api.gql<{ me: { locale: string } }>('{ me { locale } }', {}, token)).data?.me.locale === 'en');
    },
    TIMEOUT,
  );

  test(
    'runs under the Content-Security-Policy without a violation',
    async () => {
      const { page } = suite;
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      const response = await page.goto('/');
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await page.waitForURL('**/sign-in');
      await submitSignIn(page, 'admin', demoPassword('admin'));
      await page.getByTestId('home-welcome').waitFor();
      await page.getByTestId('nav-audit').click();
      await page.waitForURL('**/audit');
      // The build's inline loader (allowed by hash) switched the full stylesheet on.
      expect(await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).media))).toEqual(['all']);
      expect(violations).toEqual([]);
    },
    TIMEOUT,
  );
});
