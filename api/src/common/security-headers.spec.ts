import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const LOADER = "document.body.dataset.ready='1'";

/** Every answer (web app, GraphQL, REST) carries the browser-side protections; HSTS only over TLS. */
describe('security headers', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'oasis-web-'));
    await writeFile(join(webDir, 'index.html'), `<!doctype html><html><body><script src="main.js" type="module"></script><script>${LOADER}</script></body></html>`);
    t = await createTestApp('pglite', { OASIS_WEB_DIR: webDir, OASIS_MEDIA_SIGNALLING_URL: 'wss://media.example.org/signalling' }, { seed: false });
  });
  afterAll(async () => {
    await t?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  const csp = (response: Response) =>
    Object.fromEntries(
      response.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );

  it('serves the web app with a CSP that allows its own scripts, the build loader by hash and the media socket', async () => {
    const response = await fetch(`${t.url}/sign-in`);
    expect(response.status).toBe(200);
    const policy = csp(response);
    const loaderHash = `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`;
    expect(policy['script-src']).toEqual(["'self'", loaderHash]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['connect-src']).toEqual(["'self'", 'blob:', 'wss://media.example.org']);
    expect(policy['frame-src']).toEqual(['blob:']);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(policy['default-src']).toEqual(["'self'"]);
  });

  it('sends nosniff, no-referrer and DENY framing on API answers too', async () => {
    const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('sends HSTS only when the request came over TLS through a trusted proxy', async () => {
    expect((await fetch(`${t.url}/health/live`)).headers.get('strict-transport-security')).toBeNull();
    const viaTls = await fetch(`${t.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('ignores X-Forwarded-Proto from a proxy that is not trusted', async () => {
    const untrusting = await createTestApp('pglite', { OASIS_TRUST_PROXY: 'false' }, { seed: false });
    try {
      const response = await fetch(`${untrusting.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await untrusting.close();
    }
  });
});
