import { accessTokenLifetimeMs, refreshLeadMs } from './access-token-lifetime';

const jwt = (claims: object) => `header.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

describe('accessTokenLifetimeMs', () => {
  it('takes the lifetime from the token’s own claims, whatever this machine’s clock says', () => {
    expect(accessTokenLifetimeMs(jwt({ iat: 1_000, exp: 1_900 }), '2000-01-01T00:00:00Z')).toBe(900_000);
  });

  it('reads base64url payloads (- and _)', () => {
    const token = jwt({ iat: 1_000, exp: 1_060, name: '??>>' });
    expect(token).toMatch(/[-_]/);
    expect(accessTokenLifetimeMs(token, '2000-01-01T00:00:00Z')).toBe(60_000);
  });

  it('falls back to the server’s expiry time for a token it cannot read', () => {
    const expiresAt = new Date(Date.now() + 120_000).toISOString();
    const lifetime = accessTokenLifetimeMs('not-a-jwt', expiresAt);
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
  });
});

describe('refreshLeadMs', () => {
  it('refreshes a fifth of the lifetime early, between 5 and 60 seconds', () => {
    expect([10_000, 100_000, 900_000].map(refreshLeadMs)).toEqual([5_000, 20_000, 60_000]);
  });
});
