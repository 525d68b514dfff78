import type { Page } from 'playwright-core';
import { type Portal, type PortalOptions, startPortal } from './portal.js';

export interface PortalPageOptions extends PortalOptions {
  /** API settings for this suite (e.g. a short OASIS_ACCESS_TOKEN_TTL). */
  env?: Record<string, string>;
  /** Runs once after the portal started (data set up through the API). */
  setUp?: (portal: Portal) => Promise<void>;
  /** Before each test: a fresh page (the default), prepared by this function when given; false: tests open their own. */
  eachPage?: boolean | ((page: Page, portal: Portal) => Promise<void>);
  /** Per-hook timeout (ms). */
  timeout?: number;
}

export interface PortalPage {
  readonly portal: Portal;
  /** The test's page; a test may replace it (it is closed after the test). */
  page: Page;
  /** Another browser profile for this test (its own session), closed after the test. */
  newPage(options?: { locale?: string }): Promise<Page>;
}

/**
 * The hooks every browser suite shares: the API and Chromium started once for the suite and stopped after
 * it; before each test a fresh browser profile (optionally prepared, e.g. signed in), closed after it.
 * Call it inside `describe`; read `portal` and `page` inside the tests.
 */
export function usePortalPage({ env = {}, setUp, eachPage = true, timeout = 60_000, ...options }: PortalPageOptions = {}): PortalPage {
  let portal: Portal | undefined;
  let current: Page | undefined;
  const extra: Page[] = [];

  const handle: PortalPage = {
    get portal() {
      if (!portal) throw new Error('The portal is not started (use it inside a test).');
      return portal;
    },
    get page() {
      if (!current) throw new Error('No page: open one with newPage() or set page.');
      return current;
    },
    set page(page: Page) {
      current = page;
    },
    async newPage(options) {
      const page = await handle.portal.newPage(options);
      extra.push(page);
      return page;
    },
  };

  beforeAll(async () => {
    portal = await startPortal(env, options);
    await setUp?.(portal);
  }, 120_000);
  afterAll(async () => {
    await portal?.close();
  }, timeout);
  beforeEach(async () => {
    if (eachPage === false) return;
    current = await handle.portal.newPage();
    if (typeof eachPage === 'function') await eachPage(current, handle.portal);
  }, timeout);
  afterEach(async () => {
    for (const page of [current, ...extra.splice(0)]) await page?.context().close().catch(() => undefined);
    current = undefined;
  }, timeout);

  return handle;
}
