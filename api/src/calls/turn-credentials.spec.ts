import { type Coturn, startCoturn } from '../testing/coturn.js';
import { turnAllocate } from '../testing/turn-allocate.js';
import { turnCredentials } from './turn-credentials.js';

const TTL = 600;

describe('TURN credentials (coturn REST API scheme)', () => {
  it('names the expiry and the user, and signs the username with HMAC-SHA1 of the shared secret', () => {
    const turn = { urls: ['turn:127.0.0.1:3478?transport=tcp'], secret: '0123456789abcdef0123456789abcdef', credentialTtlSeconds: TTL };
    const made = turnCredentials(turn, 'user-1', (1_766_500_000 - TTL) * 1000 + 999);
    // Expected value from `printf 1766500000:user-1 | openssl dgst -sha1 -hmac <secret> -binary | base64`.
    expect(made).toEqual({ urls: turn.urls, username: '1766500000:user-1', credential: 'ONsfMG8DwUib4fsvJkr6y0SWUHA=', expiresAt: new Date(1_766_500_000_000) });
  });

  describe('against a real coturn', () => {
    let coturn: Coturn;
    beforeAll(async () => {
      coturn = await startCoturn();
    });
    afterAll(() => coturn?.close());

    const config = (secret = coturn.secret) => ({ urls: [`turn:${coturn.ip}:${coturn.port}?transport=tcp`], secret, credentialTtlSeconds: TTL });
    const allocate = (made: { username: string; credential: string }) => turnAllocate(coturn.ip, coturn.port, made.username, made.credential);

    it('grants a relay to a fresh credential', async () => {
      const result = await allocate(turnCredentials(config(), 'user-1'));
      expect(result).toMatchObject({ ok: true });
    });

    it('refuses a credential past its lifetime, one signed with another secret, and one whose user was changed', async () => {
      const expired = turnCredentials(config(), 'user-1', Date.now() - (TTL + 60) * 1000);
      expect(await allocate(expired)).toMatchObject({ ok: false, code: 401 });
      // Same user and secret as the fresh credential granted above: only the expiry differs.
      expect(coturn.log()).toContain(`Cannot find credentials of user <${expired.username}>`);
      expect(await allocate(turnCredentials(config('another-secret-of-at-least-32-characters'), 'user-1'))).toMatchObject({ ok: false, code: 401 });
      const fresh = turnCredentials(config(), 'user-1');
      expect(await allocate({ ...fresh, username: fresh.username.replace('user-1', 'user-2') })).toMatchObject({ ok: false, code: 401 });
      // The same credential, untouched, still works: the refusals were about the credentials alone.
      expect(await allocate(fresh)).toMatchObject({ ok: true });
    });
  });
});
