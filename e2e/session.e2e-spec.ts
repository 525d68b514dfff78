import { demoPassword, documentLanguage, navItems, signInAs, storedRefreshToken, submitSignIn } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 60_000;
const REFRESH = 'mutation($token: String!) { refreshSession(input: { refreshToken: $token }) { accessToken } }';

describe('the session in the browser', () => {
  const suite = usePortalPage({
    // Short-lived access tokens: the app refreshes them after about 96 s (of the page's clock).
    env: { OASIS_ACCESS_TOKEN_TTL: '120' },
    eachPage: (page) => page.clock.install(),
    timeout: TIMEOUT,
  });

  test(
    'refreshes before the access token expires, stores the rotated refresh token, and survives a reload',
    async () => {
      const { portal, page } = suite;
      await signInAs(page, 'admin');
      const first = await storedRefreshToken(page);
      expect(first).toBeTruthy();

      await page.clock.fastForward('01:40');
      await page.waitForFunction((old) => localStorage.getItem('oasis.refreshToken') !== old, first);
      const second = await storedRefreshToken(page);
      expect(second).toBeTruthy();

      // The reload resumes the session with the stored refresh token (rotating it once more).
      await page.reload();
      await page.getByTestId('home-welcome').waitFor();
      expect(await storedRefreshToken(page)).not.toBe(second);
      await page.getByTestId('nav-institutions').click();
      await page.getByTestId('institution-row').first().waitFor();

      // A rotated-away refresh token presented again looks stolen: the server ends the session,
      // and the app's next refresh takes the person back to sign-in with a notice.
      const reuse = await portal.api.gql(REFRESH, { token: second });
      expect(reuse.errors?.[0]?.extensions?.code).toBe('SESSION_REVOKED');
      await page.clock.fastForward('01:40');
      await page.waitForURL('**/sign-in');
      expect(await page.getByTestId('session-notice').textContent()).toContain('Your session has ended');
    },
    TIMEOUT,
  );

  test(
    'signs out after 15 minutes without activity, warning a minute before',
    async () => {
      const { page } = suite;
      await signInAs(page, 'admin');
      await page.clock.fastForward('14:30');
      await page.getByTestId('idle-warning').waitFor();
      expect(await page.getByTestId('idle-warning').textContent()).toMatch(/signed out in \d+ s/);

      await page.clock.fastForward('00:31');
      await page.waitForURL('**/sign-in');
      expect(await page.getByTestId('session-notice').textContent()).toContain('15 minutes without activity');
      expect(await storedRefreshToken(page)).toBeNull();
    },
    TIMEOUT,
  );

  test(
    'sign-out ends the session on the server too',
    async () => {
      const { portal, page } = suite;
      await signInAs(page, 'admin');
      const token = await storedRefreshToken(page);
      await page.getByTestId('sign-out').click();
      await page.waitForURL('**/sign-in');
      expect(await storedRefreshToken(page)).toBeNull();
      expect(await page.getByTestId('session-notice').count()).toBe(0);
      const result = await portal.api.gql(REFRESH, { token });
      expect(result.errors?.[0]?.extensions?.code).toBe('SESSION_REVOKED');

      // Signed-out visitors are sent to the sign-in page, and back where they wanted to go afterwards.
      await page.goto('/users');
      await page.waitForURL('**/sign-in?returnUrl=%2Fusers');
      await submitSignIn(page, 'admin', demoPassword('admin'));
      await page.waitForURL('**/users');
      await page.getByTestId('user-row').first().waitFor();
    },
    TIMEOUT,
  );

  test(
    'tells the server about keyboard and mouse activity, whose idle timeout counts only requests',
    async () => {
      const { page } = suite;
      await signInAs(page, 'doctor');
      const keptAlive = page.waitForRequest((request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('KeepAlive'));
      // Reading a report for minutes: the mouse moves, nothing is asked of the server.
      await page.clock.fastForward('04:10');
      await page.mouse.move(120, 140);
      await page.mouse.move(240, 180);
      await keptAlive;
    },
    TIMEOUT,
  );

  test(
    'a township doctor sees Home, Patients and AI models, in Uyghur from their profile',
    async () => {
      const { page } = suite;
      await page.goto('/sign-in');
      await submitSignIn(page, 'doctor', demoPassword('doctor'));
      await page.getByTestId('home-welcome').waitFor();
      expect(await documentLanguage(page)).toEqual({ lang: 'ug', dir: 'rtl' });
      expect(await navItems(page)).toEqual(['nav-home', 'nav-patients', 'nav-consults', 'nav-follow-up', 'nav-training', 'nav-certificates', 'nav-dashboard', 'nav-models']);
      expect(await page.getByTestId('home-roles').textContent()).toContain('يېزا دوختۇرى');
      expect(await page.getByTestId('home-roles').textContent()).toContain('Tokuzak Township Health Centre');
      expect(await page.getByTestId('stat-users').count()).toBe(0);

      // Admin screens are not reachable by address either.
      await page.goto('/institutions');
      await page.getByTestId('home-welcome').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
    },
    TIMEOUT,
  );
});
