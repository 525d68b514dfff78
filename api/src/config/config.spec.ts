import { availableParallelism } from 'node:os';
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
  });

  it('rejects a short JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
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
