import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working embedded defaults with an empty environment', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.jwtSecret).toHaveLength(64);
    expect(config.lockoutThreshold).toBe(5);
  });

  it('lists every wrong variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        OASIS_LOCKOUT_THRESHOLD: '0',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT="eighty" must be a whole number');
    expect(problems).toContain('DATABASE_URL must start with postgres:// or postgresql://');
    expect(problems).toContain('OASIS_LOCKOUT_THRESHOLD="0"');
    expect(problems).toContain('LOG_LEVEL="loud" must be one of');
    expect(problems).toContain('OASIS_JWT_SECRET is required when NODE_ENV=production');
    expect(problems).toContain('OASIS_MASTER_KEY or OASIS_MASTER_KEY_FILE is required when NODE_ENV=production');
  });

  it('reads the master key from the environment or a file, generates one into the data folder otherwise, and refuses a malformed one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oasis-config-'));
    try {
      const key = randomBytes(32);
      expect(loadConfig({ NODE_ENV: 'test', OASIS_MASTER_KEY: key.toString('hex') }).masterKey).toEqual(key);
      expect(loadConfig({ NODE_ENV: 'test', OASIS_MASTER_KEY: key.toString('base64') }).masterKey).toEqual(key);
      await writeFile(join(dir, 'key'), `${key.toString('hex')}\n`);
      expect(loadConfig({ NODE_ENV: 'production', OASIS_JWT_SECRET: randomBytes(32).toString('hex'), OASIS_MEDIA_SECRET: randomBytes(32).toString('hex'), OASIS_MASTER_KEY_FILE: join(dir, 'key') }).masterKey).toEqual(key);
      // Zero configuration: generated once into the data folder, the same on the next start.
      const generated = loadConfig({ NODE_ENV: 'development', OASIS_DATA_DIR: join(dir, 'data') }).masterKey;
      expect((await readFile(join(dir, 'data', 'master-key'), 'utf8')).trim()).toBe(generated.toString('hex'));
      expect(loadConfig({ NODE_ENV: 'development', OASIS_DATA_DIR: join(dir, 'data') }).masterKey).toEqual(generated);
      expect(() => loadConfig({ NODE_ENV: 'test', OASIS_MASTER_KEY: 'too-short', OASIS_PREVIOUS_MASTER_KEYS: `${key.toString('hex')},nope` })).toThrow(
        /OASIS_MASTER_KEY must be 32 random bytes[\s\S]*OASIS_PREVIOUS_MASTER_KEYS entry 2 must be/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('times sessions out after 15 idle minutes for clinical roles, 60 for others and 12 hours in all, each configurable', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    expect([defaults.sessionIdleMinutesClinical, defaults.sessionIdleMinutes, defaults.sessionMaxHours]).toEqual([15, 60, 12]);
    const set = loadConfig({ NODE_ENV: 'test', OASIS_SESSION_IDLE_MINUTES_CLINICAL: '10', OASIS_SESSION_IDLE_MINUTES: '30', OASIS_SESSION_MAX_HOURS: '8' });
    expect([set.sessionIdleMinutesClinical, set.sessionIdleMinutes, set.sessionMaxHours]).toEqual([10, 30, 8]);
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_SESSION_IDLE_MINUTES_CLINICAL: '0' })).toThrow('OASIS_SESSION_IDLE_MINUTES_CLINICAL="0"');
  });

  it('offers TURN only with its shared secret, and checks the URLs, the secret and the credential lifetime', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).turn).toBeNull();
    const secret = randomBytes(32).toString('hex');
    expect(loadConfig({ NODE_ENV: 'test', OASIS_TURN_URLS: 'turn:turn.example.org:3478?transport=tcp, turns:turn.example.org:443', OASIS_TURN_SECRET: secret }).turn).toEqual({
      urls: ['turn:turn.example.org:3478?transport=tcp', 'turns:turn.example.org:443'],
      secret,
      credentialTtlSeconds: 4 * 3600,
    });
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_TURN_URLS: 'turn:turn.example.org:3478' })).toThrow('OASIS_TURN_URLS needs OASIS_TURN_SECRET');
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_TURN_SECRET: secret })).toThrow('OASIS_TURN_SECRET is set but OASIS_TURN_URLS is not');
    expect(() =>
      loadConfig({ NODE_ENV: 'test', OASIS_TURN_URLS: 'https://turn.example.org,turn:ok.example.org:3478?transport=sctp', OASIS_TURN_SECRET: 'short', OASIS_TURN_CREDENTIAL_TTL: '10' }),
    ).toThrow(
      /OASIS_TURN_CREDENTIAL_TTL="10"[\s\S]*OASIS_TURN_URLS must be[^\n]*wrong: https:\/\/turn.example.org, turn:ok.example.org:3478\?transport=sctp[\s\S]*OASIS_TURN_SECRET must be at least 32 characters/,
    );
  });

  it('opens follow-up cases from BI-RADS 4A / TI-RADS TR4 by default, and refuses a category that is not on the scale or a monitoring rule that cannot fire', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    expect([defaults.followUpBiRadsFrom, defaults.followUpTiRadsFrom, defaults.followUpBiopsyDays, defaults.followUpEscalateDays]).toEqual(['4A', 'TR4', 14, 14]);
    expect(loadConfig({ NODE_ENV: 'test', OASIS_FOLLOW_UP_BIRADS_FROM: '4B', OASIS_MONITORING_CUSUM_LIMIT: '5.5' })).toMatchObject({ followUpBiRadsFrom: '4B', monitoringCusumLimit: 5.5 });
    let problems = '';
    try {
      loadConfig({ NODE_ENV: 'test', OASIS_FOLLOW_UP_TIRADS_FROM: '4', OASIS_MONITORING_AGREEMENT_ALERT: '95', OASIS_MONITORING_CUSUM_LIMIT: 'high' });
    } catch (error) {
      problems = (error as ConfigError).problems.join('\n');
    }
    expect(problems).toContain('OASIS_FOLLOW_UP_TIRADS_FROM="4" must be one of: TR3, TR4, TR5');
    expect(problems).toContain('OASIS_MONITORING_AGREEMENT_ALERT must be below OASIS_MONITORING_AGREEMENT_EXPECTED');
    expect(problems).toContain('OASIS_MONITORING_CUSUM_LIMIT="high" must be a number');
  });

  it('runs the DICOM receiver only with OASIS_DICOM_PORT, as AE title OASIS unless told, and refuses a malformed title or port', () => {
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ dicomPort: undefined, dicomAeTitle: 'OASIS' });
    expect(loadConfig({ NODE_ENV: 'test', OASIS_DICOM_PORT: '11112', OASIS_DICOM_AE: 'KASHGAR_US' })).toMatchObject({ dicomPort: 11112, dicomAeTitle: 'KASHGAR_US' });
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_DICOM_PORT: '70000', OASIS_DICOM_AE: 'A\\B' })).toThrow(
      /OASIS_DICOM_PORT="70000" must be a whole number from 1 to 65535[\s\S]*OASIS_DICOM_AE="A\\B" must be 1 to 16 printable ASCII/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_DICOM_AE: 'SEVENTEEN_CHARS_X' })).toThrow(/OASIS_DICOM_AE/);
  });

  it('rejects a short JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('refuses a long but predictable JWT secret with one clear line, and accepts generated ones', () => {
    for (const weak of ['x'.repeat(32), 'abcdefghijklmnopqrstuvwxyz012345', 'Password123Password123Password12', '0123456789abcdef0123456789abcdef']) {
      expect(() => loadConfig({ NODE_ENV: 'test', OASIS_JWT_SECRET: weak })).toThrow(/OASIS_JWT_SECRET is too predictable \(about \d+ bits, at least 128 needed\)/);
    }
    for (let i = 0; i < 50; i++) {
      for (const strong of [randomBytes(32).toString('hex'), randomBytes(32).toString('base64url')]) {
        expect(loadConfig({ NODE_ENV: 'test', OASIS_JWT_SECRET: strong }).jwtSecret).toBe(strong);
      }
    }
    // The embedded default generates its own, which must pass the same check when handed back in.
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_JWT_SECRET: loadConfig({ NODE_ENV: 'test' }).jwtSecret })).not.toThrow();
  });

  it('runs several API processes only on PostgreSQL with Redis, and one per core with auto', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_API_PROCESSES: '2' })).toThrow(/OASIS_API_PROCESSES above 1 needs DATABASE_URL/);
    const shared = { NODE_ENV: 'test', DATABASE_URL: 'postgres://127.0.0.1/oasis', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig({ ...shared, OASIS_API_PROCESSES: '3' }).apiProcesses).toBe(3);
    expect(loadConfig({ ...shared, OASIS_API_PROCESSES: 'auto' }).apiProcesses).toBe(availableParallelism());
    expect(loadConfig({ NODE_ENV: 'test' }).apiProcesses).toBe(1);
  });

  it('requires MFA of admins and specialists by default, of any roles listed, or of none', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mfaRequiredRoles).toEqual(['ADMIN', 'SPECIALIST']);
    expect(loadConfig({ NODE_ENV: 'test', OASIS_MFA_REQUIRED_ROLES: 'trainer, admin' }).mfaRequiredRoles).toEqual(['TRAINER', 'ADMIN']);
    expect(loadConfig({ NODE_ENV: 'test', OASIS_MFA_REQUIRED_ROLES: 'none' }).mfaRequiredRoles).toEqual([]);
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_MFA_REQUIRED_ROLES: 'ADMIN,BOSS' })).toThrow(/OASIS_MFA_REQUIRED_ROLES has unknown roles: BOSS/);
  });
});
