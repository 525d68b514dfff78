import { generate } from 'otplib';
import { looksLikeRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { acceptedTimeStep, newTotpSecret } from './totp.js';

const codeAt = (secret: string, secondsFromNow: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + secondsFromNow });
const stepAt = (secondsFromNow: number) => Math.floor((Math.floor(Date.now() / 1000) + secondsFromNow) / 30);

describe('TOTP codes', () => {
  const secret = newTotpSecret();

  it('accepts the current code and one step of clock drift either way, nothing further', async () => {
    expect(await acceptedTimeStep(secret, await codeAt(secret, 0), null)).toBe(stepAt(0));
    expect(await acceptedTimeStep(secret, await codeAt(secret, -30), null)).toBe(stepAt(-30));
    expect(await acceptedTimeStep(secret, await codeAt(secret, 30), null)).toBe(stepAt(30));
    expect(await acceptedTimeStep(secret, await codeAt(secret, -90), null)).toBeNull();
    expect(await acceptedTimeStep(secret, await codeAt(secret, 90), null)).toBeNull();
  });

  it('refuses a code of a step already accepted, or older', async () => {
    const code = await codeAt(secret, 0);
    expect(await acceptedTimeStep(secret, code, stepAt(0))).toBeNull();
    expect(await acceptedTimeStep(secret, code, stepAt(0) - 1)).toBe(stepAt(0));
  });

  it('refuses what is not six digits, and another secret’s code', async () => {
    expect(await acceptedTimeStep(secret, 'abcdef', null)).toBeNull();
    expect(await acceptedTimeStep(secret, '12345', null)).toBeNull();
    expect(await acceptedTimeStep(newTotpSecret(), await codeAt(secret, 0), null)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('are ten distinct XXXXX-XXXXX codes in Crockford base32', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(codes.every(looksLikeRecoveryCode)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });

  it('hash the same however they are typed, and differently per user', () => {
    expect(recoveryCodeHash('u1', 'ABCDE-12345')).toBe(recoveryCodeHash('u1', ' abcde12345 '));
    expect(recoveryCodeHash('u1', 'ABCDE-12345')).not.toBe(recoveryCodeHash('u2', 'ABCDE-12345'));
  });
});
