import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../../api/src/testing/test-app.js';
import { freePort } from '../../api/src/common/free-port.js';
import { apiEnvForMedia, type MediaService, startMediaService } from './media-service.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_DIR = join(REPO_ROOT, 'dist/web/browser');
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots go outside the repository. */
export const SCREENSHOT_DIR = '/tmp/oasis-e2e';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium's fake camera (a test pattern) and microphone (a beep), granted without a prompt. */
const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export interface PortalOptions {
  /** Also start the media service (live video) in this process, and give Chromium a fake camera and microphone. */
  media?: boolean;
  /** Where browsers reach the media service's signalling (a network namespace's gateway); 127.0.0.1 by default. */
  mediaHost?: string;
}

/** A headless Chromium (`executablePath` may run it elsewhere, e.g. in a network namespace). */
export function launchChromium({ media = false, executablePath = CHROMIUM, args = [] as string[] } = {}): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...(media ? FAKE_MEDIA_ARGS : []), ...args] });
}

export interface Portal {
  /** The real API, in this process, serving the built web app. */
  api: TestApp;
  /** The media service, when started with `media: true`. */
  media: MediaService | null;
  url: string;
  browser: Browser;
  /** A fresh browser profile (its own localStorage), so tests do not share sessions. */
  newPage(options?: { locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

/** Fails early, saying what to do, when the built app or the browser is missing. */
function assertPrerequisites(): void {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(
      `The web app is not built: ${join(WEB_DIR, 'index.html')} is missing.\n` +
        'Run `npm run build:web` first (the test command builds it before the e2e tests).',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}. The e2e tests drive Debian's chromium package: install it with ` +
        '`apt-get install chromium`, or if an install is running, wait for it: `while ! [ -x /usr/bin/chromium ]; do sleep 10; done`.',
    );
  }
}

/**
 * Starts the API on PGlite (migrated, demo region seeded) and a headless Chromium.
 * `env` adds API settings, e.g. a short OASIS_ACCESS_TOKEN_TTL.
 */
export async function startPortal(env: Record<string, string> = {}, { media: withMedia = false, mediaHost = '127.0.0.1' }: PortalOptions = {}): Promise<Portal> {
  assertPrerequisites();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const mediaPort = withMedia ? await freePort() : 0;
  const api = await createTestApp('pglite', { ...(withMedia ? apiEnvForMedia(mediaPort, mediaHost) : {}), ...env, OASIS_WEB_DIR: WEB_DIR });
  let media: MediaService | null = null;
  let browser: Browser;
  try {
    if (withMedia) media = await startMediaService(mediaPort, api.url, mediaHost);
    browser = await launchChromium({ media: withMedia });
  } catch (error) {
    await media?.close();
    await api.close();
    throw error;
  }
  const contexts = new Set<BrowserContext>();
  return {
    api,
    media,
    url: api.url,
    browser,
    async newPage({ locale = 'en-US' } = {}) {
      const context = await browser.newContext({ baseURL: api.url, locale, viewport: { width: 1280, height: 800 } });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await media?.close();
      await api.close();
    },
  };
}
