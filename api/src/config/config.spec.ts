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

  it('times sessions out after 15 idle minutes for clinical roles, 60 for others and 12 hours in all, each configurable', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    expect([defaults.sessionIdleMinutesClinical, defaults.sessionIdleMinutes, defaults.sessionMaxHours]).toEqual([15, 60, 12]);
    const set = loadConfig({ NODE_ENV: 'test', OASIS_SESSION_IDLE_MINUTES_CLINICAL: '10', OASIS_SESSION_IDLE_MINUTES: '30', OASIS_SESSION_MAX_HOURS: '8' });
    expect([set.sessionIdleMinutesClinical, set.sessionIdleMinutes, set.sessionMaxHours]).toEqual([10, 30, 8]);
    expect(() => loadConfig({ NODE_ENV: 'test', OASIS_SESSION_IDLE_MINUTES_CLINICAL: '0' })).toThrow('OASIS_SESSION_IDLE_MINUTES_CLINICAL="0"');
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
});
