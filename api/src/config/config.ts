import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { newKey, parseKey } from '../encryption/envelope.js';
import { estimateSecretBits, MIN_SECRET_BITS } from './secret-strength.js';
import { ALL_ROLES, Role } from '../identity/role.js';
import { isAeTitle } from '../imaging/dicom-network/ae-title.js';

/** Every setting the API reads from the environment, validated once at start-up. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL when set; otherwise the embedded PGlite database in `${dataDir}/db`. */
  databaseUrl?: string;
  /** The owner role's URL on PostgreSQL, for migrations only (`npm run migrate`); the API never uses it. */
  databaseOwnerUrl?: string;
  redisUrl?: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A session unused this long ends (SESSION_EXPIRED): clinical roles (township doctors, specialists) / everyone else. */
  sessionIdleMinutesClinical: number;
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in however active it is. */
  sessionMaxHours: number;
  /** How often open subscription sockets are checked against their sessions (expiry, missed revocations). */
  sessionSocketCheckSeconds: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  signInRateLimitPerMinute: number;
  graphqlMaxDepth: number;
  graphqlMaxCost: number;
  maxBodyBytes: number;
  mediaUrl: string;
  webDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  maxUploadBytes: number;
  maxUploadChunkBytes: number;
  /** Unfinished uploads idle this long are removed (row and part file). */
  uploadIdleHours: number;
  /** Decode worker threads, the V8 heap cap of each, and how long one file may take. */
  decodeWorkers: number;
  decodeWorkerMemoryMb: number;
  decodeTimeoutMs: number;
  /** Folder with models/<region>/<version>/ (model.onnx + model-card.json). */
  modelsDir: string;
  /** Execution providers to try in order, e.g. ['cuda', 'cpu']. */
  inferenceProviders: string[];
  inferenceMaxBatch: number;
  inferenceMaxWaitMs: number;
  inferenceMaxQueue: number;
  /**
   * `in-process`: the API runs pre-read jobs itself (embedded default). `workers`: the API only enqueues them
   * (BullMQ on REDIS_URL) for worker processes. `worker`: this process is such a worker (`npm run worker`).
   */
  inferenceMode: 'in-process' | 'workers' | 'worker';
  /** Redis key prefix of the job queues, so several installations can share one Redis. */
  queuePrefix: string;
  /** A RUNNING job older than this is taken to belong to a dead worker and is run again. */
  inferenceJobTimeoutMs: number;
  inferenceMaxAttempts: number;
  /** Pre-reads of a model that fails its release gate show the score (never a call) only when the admin opts in. */
  experimentalScores: boolean;
  /** The input check before each pre-read (NOT_ULTRASOUND, WRONG_REGION, UNSUPPORTED_MODE); off only for synthetic test images. */
  inputCheck: boolean;
  /** An offered consult unclaimed this long is escalated to the next partner hospital. */
  consultEscalateMinutes: number;
  /** A consult offered this long with no partner left expires. */
  consultExpireHours: number;
  /** A claimed consult untouched this long goes back on the worklist. */
  consultClaimTimeoutMinutes: number;
  /** Lowest category that opens a follow-up case (AI pre-read of a validated model, or the specialist's own). */
  followUpBiRadsFrom: string;
  followUpTiRadsFrom: string;
  /** A biopsy referral or FNA is due this many days after the finding. */
  followUpBiopsyDays: number;
  /** A short-interval repeat ultrasound without months in the report is due after this many months. */
  followUpRepeatMonths: number;
  /** An open case this many days past its due date is escalated to the admins above its institution. */
  followUpEscalateDays: number;
  /** Model monitoring, agreement per site (Bernoulli CUSUM): the expected and the unacceptable agreement rate, in %. */
  monitoringAgreementExpectedPct: number;
  monitoringAgreementAlertPct: number;
  /** CUSUM decision limit h (log-likelihood ratio); a higher one trades slower detection for fewer false alarms. */
  monitoringCusumLimit: number;
  /** No site is flagged on fewer assessed lesions than this. */
  monitoringMinLesions: number;
  /** A site's sensitivity alert: the upper end of its Wilson 95 % interval is below this, in %. */
  monitoringSensitivityMinPct: number;
  /** Shared with the media service: signs join tokens and authenticates its attendance reports. */
  mediaSecret: string;
  /** Where browsers reach the media service's signalling WebSocket. */
  mediaSignallingUrl: string;
  /** The TURN relay (coturn) browsers get with each join, with credentials made per join; null without one. */
  turn: TurnConfig | null;
  /** API processes sharing the port on this host (one per core for exam bursts); more than one needs PostgreSQL and Redis. */
  apiProcesses: number;
  /** PostgreSQL connections per API process, all kept open once made; processes × this must stay under the server's max_connections. */
  databasePoolSize: number;
  /** Express `trust proxy`: whose X-Forwarded-For/-Proto are believed (client address, HTTPS detection). */
  trustProxy: string | false;
  /** Strict-Transport-Security max-age sent on requests that arrived over TLS; 0 = never. */
  hstsMaxAgeSeconds: number;
  /** Largest CSV file accepted by the bulk enrolment import. */
  maxCsvBytes: number;
  /** Largest question bank file accepted by the import (JSON files carry their images). */
  maxQuestionFileBytes: number;
  /** Wraps every data key (encryption at rest); kept outside the database. */
  masterKey: Buffer;
  /** Earlier master keys, still accepted while their data keys are re-wrapped (rotation). */
  previousMasterKeys: Buffer[];
  /** Roles that must sign in with a second factor (TOTP or a recovery code); an empty list turns MFA off. */
  mfaRequiredRoles: Role[];
  /** How long the challenge between the password and the code stays valid. */
  mfaChallengeTtlSeconds: number;
  /** How long emergency (break-glass) access to one patient lasts. */
  breakGlassMinutes: number;
  /** JSON lines of audit chain heads, appended every auditHeadExportSeconds; a file kept outside the database. */
  auditHeadFile: string;
  /** Also sends each export to this syslog server (udp://host:port), when set. */
  auditHeadSyslog?: string;
  auditHeadExportSeconds: number;
  /** The DICOM receiver (Storage SCP) listens here when set; unset, there is no receiver. */
  dicomPort?: number;
  /** The called AE title scanners send to; an association addressed to another title is refused. */
  dicomAeTitle: string;
  /** How often the PACS outbox queues finished results and sends what is due (the calling AE is dicomAeTitle). */
  pacsIntervalMs: number;
}

export interface TurnConfig {
  /** turn:/turns: URLs, e.g. turn:turn.example.org:3478?transport=tcp, turns:turn.example.org:443?transport=tcp */
  urls: string[];
  /** coturn's static-auth-secret: credentials are derived from it (TURN REST API scheme), never a fixed password. */
  secret: string;
  /** How long a credential handed out with a join lets its holder make new relay allocations. */
  credentialTtlSeconds: number;
}

/** Thrown with one line per wrong or missing variable, so an operator can fix them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}" must be a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T)) {
      this.problems.push(`${name}="${raw}" must be one of: ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }
}

/**
 * The embedded default keeps a generated secret in the data folder so tokens survive restarts;
 * production must bring its own, shared by every instance that needs it.
 */
function resolveSecret(
  reader: Reader,
  name: string,
  nodeEnv: AppConfig['nodeEnv'],
  dataDir: string,
  fileName: string,
  { checkStrength = false } = {},
): string {
  const given = reader.optional(name);
  if (given !== undefined) {
    if (given.length < 32) reader.problems.push(`${name} must be at least 32 characters`);
    else if (checkStrength && estimateSecretBits(given) < MIN_SECRET_BITS) {
      reader.problems.push(
        `${name} is too predictable (about ${estimateSecretBits(given)} bits, at least ${MIN_SECRET_BITS} needed): generate one with \`openssl rand -hex 32\``,
      );
    }
    return given;
  }
  if (nodeEnv === 'production') {
    reader.problems.push(`${name} is required when NODE_ENV=production`);
    return '';
  }
  if (nodeEnv === 'test') return randomBytes(32).toString('hex');
  const file = join(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const KEY_FORMAT = '32 random bytes as 64 hex digits or base64 (`openssl rand -hex 32`)';

/**
 * The master key: OASIS_MASTER_KEY, or the file OASIS_MASTER_KEY_FILE names (a secrets mount), required in
 * production. Otherwise generated into the data folder like the JWT secret, so `npm start` needs nothing; tests
 * without a data folder of their own get a random one.
 */
function masterKey(r: Reader, nodeEnv: AppConfig['nodeEnv'], dataDir: string, dataDirGiven: boolean): Buffer {
  const given = r.optional('OASIS_MASTER_KEY');
  const file = r.optional('OASIS_MASTER_KEY_FILE');
  if (given !== undefined || file !== undefined) {
    const name = given !== undefined ? 'OASIS_MASTER_KEY' : `OASIS_MASTER_KEY_FILE (${file})`;
    let text = given;
    if (text === undefined) {
      try {
        text = readFileSync(file!, 'utf8');
      } catch (error) {
        r.problems.push(`${name} cannot be read: ${(error as Error).message}`);
        return newKey();
      }
    }
    const key = parseKey(text);
    if (!key) r.problems.push(`${name} must be ${KEY_FORMAT}`);
    return key ?? newKey();
  }
  if (nodeEnv === 'production') {
    r.problems.push('OASIS_MASTER_KEY or OASIS_MASTER_KEY_FILE is required when NODE_ENV=production');
    return newKey();
  }
  if (nodeEnv === 'test' && !dataDirGiven) return newKey();
  const path = join(dataDir, 'master-key');
  if (existsSync(path)) return parseKey(readFileSync(path, 'utf8')) ?? (r.problems.push(`${path} is not a valid master key`), newKey());
  mkdirSync(dataDir, { recursive: true });
  const key = newKey();
  writeFileSync(path, key.toString('hex'), { mode: 0o600 });
  return key;
}

/** OASIS_PREVIOUS_MASTER_KEYS: comma-separated keys of the same format, during a rotation. */
function previousMasterKeys(r: Reader): Buffer[] {
  const raw = r.optional('OASIS_PREVIOUS_MASTER_KEYS');
  if (raw === undefined) return [];
  return raw.split(',').flatMap((text, i) => {
    const key = parseKey(text);
    if (!key) r.problems.push(`OASIS_PREVIOUS_MASTER_KEYS entry ${i + 1} must be ${KEY_FORMAT}`);
    return key ? [key] : [];
  });
}

/**
 * OASIS_TURN_URLS (comma-separated turn:/turns: URLs), OASIS_TURN_SECRET (coturn's static-auth-secret) and
 * OASIS_TURN_CREDENTIAL_TTL: all or nothing, so a relay is never offered without a way to authenticate to it.
 */
function turn(r: Reader): TurnConfig | null {
  const raw = r.optional('OASIS_TURN_URLS');
  const secret = r.optional('OASIS_TURN_SECRET');
  // Four hours covers a consult or a training session; coturn checks the expiry when a relay is allocated.
  const credentialTtlSeconds = r.int('OASIS_TURN_CREDENTIAL_TTL', 4 * 3600, 60, 86_400);
  if (raw === undefined) {
    if (secret !== undefined) r.problems.push('OASIS_TURN_SECRET is set but OASIS_TURN_URLS is not: name the TURN server(s) too');
    return null;
  }
  const urls = raw.split(',').map((u) => u.trim()).filter(Boolean);
  const wrong = urls.filter((u) => !/^turns?:[^\s/?]+(\?transport=(udp|tcp))?$/.test(u));
  if (urls.length === 0 || wrong.length > 0) {
    r.problems.push(`OASIS_TURN_URLS must be comma-separated turn:host:port or turns:host:port URLs, optionally with ?transport=udp|tcp (wrong: ${wrong.join(', ') || 'none given'})`);
  }
  if (secret === undefined) r.problems.push('OASIS_TURN_URLS needs OASIS_TURN_SECRET (the static-auth-secret of coturn\'s use-auth-secret)');
  else if (secret.length < 32) r.problems.push('OASIS_TURN_SECRET must be at least 32 characters (`openssl rand -hex 32`)');
  return { urls, secret: secret ?? '', credentialTtlSeconds };
}

/** OASIS_MFA_REQUIRED_ROLES: comma-separated roles, or `none`. */
function mfaRoles(r: Reader): Role[] {
  const raw = r.string('OASIS_MFA_REQUIRED_ROLES', `${Role.ADMIN},${Role.SPECIALIST}`).trim();
  if (raw.toLowerCase() === 'none') return [];
  const list = raw.split(',').map((p) => p.trim().toUpperCase()).filter(Boolean);
  const unknown = list.filter((p) => !ALL_ROLES.includes(p as Role));
  if (unknown.length > 0) r.problems.push(`OASIS_MFA_REQUIRED_ROLES has unknown roles: ${unknown.join(', ')} (known: ${ALL_ROLES.join(', ')}, or none)`);
  return list.filter((p): p is Role => ALL_ROLES.includes(p as Role));
}

const PROVIDERS = ['cuda', 'cpu'];

function providers(r: Reader): string[] {
  const list = r.string('OASIS_INFERENCE_PROVIDERS', 'cpu').split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const unknown = list.filter((p) => !PROVIDERS.includes(p));
  if (unknown.length > 0) r.problems.push(`OASIS_INFERENCE_PROVIDERS has unknown providers: ${unknown.join(', ')} (known: ${PROVIDERS.join(', ')})`);
  return list.includes('cpu') ? list : [...list, 'cpu'];
}

function aeTitle(r: Reader): string {
  const value = r.string('OASIS_DICOM_AE', 'OASIS');
  if (!isAeTitle(value)) {
    r.problems.push(`OASIS_DICOM_AE="${value}" must be 1 to 16 printable ASCII characters without a backslash`);
  }
  return value.trim();
}

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = resolve(r.string('OASIS_DATA_DIR', '.data'));
  const config: AppConfig = {
    nodeEnv,
    host: r.string('HOST', '127.0.0.1'),
    port: r.int('PORT', 3000, 0, 65535),
    dataDir,
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseOwnerUrl: r.url('DATABASE_OWNER_URL', ['postgres:', 'postgresql:']),
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret: resolveSecret(r, 'OASIS_JWT_SECRET', nodeEnv, dataDir, 'jwt-secret', { checkStrength: true }),
    accessTokenTtlSeconds: r.int('OASIS_ACCESS_TOKEN_TTL', 900, 30, 86_400),
    refreshTokenTtlSeconds: r.int('OASIS_REFRESH_TOKEN_TTL', 12 * 3600, 60, 30 * 86_400),
    sessionIdleMinutesClinical: r.int('OASIS_SESSION_IDLE_MINUTES_CLINICAL', 15, 1, 24 * 60),
    sessionIdleMinutes: r.int('OASIS_SESSION_IDLE_MINUTES', 60, 1, 24 * 60),
    sessionMaxHours: r.int('OASIS_SESSION_MAX_HOURS', 12, 1, 30 * 24),
    sessionSocketCheckSeconds: r.int('OASIS_SESSION_SOCKET_CHECK_SECONDS', 5, 1, 3600),
    lockoutThreshold: r.int('OASIS_LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMinutes: r.int('OASIS_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    signInRateLimitPerMinute: r.int('OASIS_SIGNIN_RATE_LIMIT', 20, 1, 10_000),
    graphqlMaxDepth: r.int('OASIS_GRAPHQL_MAX_DEPTH', 10, 2, 50),
    graphqlMaxCost: r.int('OASIS_GRAPHQL_MAX_COST', 5000, 10, 1_000_000),
    maxBodyBytes: r.int('OASIS_MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    mediaUrl: r.url('OASIS_MEDIA_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:3100',
    webDir: resolve(r.string('OASIS_WEB_DIR', 'dist/web/browser')),
    logLevel: r.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    maxUploadBytes: r.int('OASIS_MAX_UPLOAD_BYTES', 200 * 1_048_576, 1024, 4 * 1024 * 1_048_576),
    maxUploadChunkBytes: r.int('OASIS_MAX_UPLOAD_CHUNK_BYTES', 8 * 1_048_576, 1024, 64 * 1_048_576),
    uploadIdleHours: r.int('OASIS_UPLOAD_IDLE_HOURS', 48, 1, 90 * 24),
    decodeWorkers: r.int('OASIS_DECODE_WORKERS', Math.max(1, Math.min(2, availableParallelism() - 1)), 1, 64),
    decodeWorkerMemoryMb: r.int('OASIS_DECODE_WORKER_MEMORY_MB', 1024, 64, 16 * 1024),
    decodeTimeoutMs: r.int('OASIS_DECODE_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    modelsDir: resolve(r.string('OASIS_MODELS_DIR', 'models')),
    inferenceProviders: providers(r),
    inferenceMaxBatch: r.int('OASIS_INFERENCE_MAX_BATCH', 8, 1, 256),
    inferenceMaxWaitMs: r.int('OASIS_INFERENCE_MAX_WAIT_MS', 10, 0, 10_000),
    inferenceMaxQueue: r.int('OASIS_INFERENCE_MAX_QUEUE', 256, 1, 100_000),
    queuePrefix: r.string('OASIS_QUEUE_PREFIX', 'oasis'),
    inferenceMode: r.oneOf('OASIS_INFERENCE_MODE', ['in-process', 'workers', 'worker'] as const, 'in-process'),
    inferenceJobTimeoutMs: r.int('OASIS_INFERENCE_JOB_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    inferenceMaxAttempts: r.int('OASIS_INFERENCE_MAX_ATTEMPTS', 3, 1, 20),
    experimentalScores: r.oneOf('OASIS_AI_EXPERIMENTAL_SCORES', ['off', 'on'] as const, 'off') === 'on',
    inputCheck: r.oneOf('OASIS_AI_INPUT_CHECK', ['off', 'on'] as const, 'on') === 'on',
    consultEscalateMinutes: r.int('OASIS_CONSULT_ESCALATE_MINUTES', 120, 1, 7 * 24 * 60),
    consultExpireHours: r.int('OASIS_CONSULT_EXPIRE_HOURS', 72, 1, 90 * 24),
    consultClaimTimeoutMinutes: r.int('OASIS_CONSULT_CLAIM_TIMEOUT_MINUTES', 240, 5, 7 * 24 * 60),
    followUpBiRadsFrom: r.oneOf('OASIS_FOLLOW_UP_BIRADS_FROM', ['3', '4A', '4B', '4C', '5'] as const, '4A'),
    followUpTiRadsFrom: r.oneOf('OASIS_FOLLOW_UP_TIRADS_FROM', ['TR3', 'TR4', 'TR5'] as const, 'TR4'),
    followUpBiopsyDays: r.int('OASIS_FOLLOW_UP_BIOPSY_DAYS', 14, 1, 365),
    followUpRepeatMonths: r.int('OASIS_FOLLOW_UP_REPEAT_MONTHS', 6, 1, 24),
    followUpEscalateDays: r.int('OASIS_FOLLOW_UP_ESCALATE_DAYS', 14, 0, 365),
    monitoringAgreementExpectedPct: r.int('OASIS_MONITORING_AGREEMENT_EXPECTED', 90, 1, 99),
    monitoringAgreementAlertPct: r.int('OASIS_MONITORING_AGREEMENT_ALERT', 70, 1, 99),
    monitoringCusumLimit: r.number('OASIS_MONITORING_CUSUM_LIMIT', 5, 0.5, 50),
    monitoringMinLesions: r.int('OASIS_MONITORING_MIN_LESIONS', 20, 1, 100_000),
    monitoringSensitivityMinPct: r.int('OASIS_MONITORING_SENSITIVITY_MIN', 80, 1, 99),
    mediaSecret: resolveSecret(r, 'OASIS_MEDIA_SECRET', nodeEnv, dataDir, 'media-secret'),
    mediaSignallingUrl: '',
    turn: turn(r),
    apiProcesses: env.OASIS_API_PROCESSES === 'auto' ? availableParallelism() : r.int('OASIS_API_PROCESSES', 1, 1, 64),
    databasePoolSize: r.int('OASIS_DATABASE_POOL_SIZE', 20, 1, 500),
    trustProxy: r.string('OASIS_TRUST_PROXY', 'loopback') === 'false' ? false : r.string('OASIS_TRUST_PROXY', 'loopback'),
    hstsMaxAgeSeconds: r.int('OASIS_HSTS_MAX_AGE', 31_536_000, 0, 2 * 31_536_000),
    maxCsvBytes: r.int('OASIS_MAX_CSV_BYTES', 64 * 1_048_576, 1024, 1024 * 1_048_576),
    maxQuestionFileBytes: r.int('OASIS_MAX_QUESTION_FILE_BYTES', 32 * 1_048_576, 1024, 512 * 1_048_576),
    masterKey: masterKey(r, nodeEnv, dataDir, env.OASIS_DATA_DIR !== undefined),
    previousMasterKeys: previousMasterKeys(r),
    mfaRequiredRoles: mfaRoles(r),
    mfaChallengeTtlSeconds: r.int('OASIS_MFA_CHALLENGE_TTL', 300, 30, 3600),
    breakGlassMinutes: r.int('OASIS_BREAK_GLASS_MINUTES', 60, 5, 24 * 60),
    auditHeadFile: resolve(r.string('OASIS_AUDIT_HEAD_FILE', join(dataDir, 'audit-chain-head.jsonl'))),
    auditHeadSyslog: r.url('OASIS_AUDIT_HEAD_SYSLOG', ['udp:']),
    auditHeadExportSeconds: r.int('OASIS_AUDIT_HEAD_EXPORT_SECONDS', 300, 1, 86_400),
    dicomPort: r.optional('OASIS_DICOM_PORT') === undefined ? undefined : r.int('OASIS_DICOM_PORT', 0, 1, 65535),
    dicomAeTitle: aeTitle(r),
    pacsIntervalMs: r.int('OASIS_PACS_INTERVAL_MS', 5000, 200, 3_600_000),
  };
  // By default the browser reaches the media service where the API does (same host, media port).
  config.mediaSignallingUrl =
    r.url('OASIS_MEDIA_SIGNALLING_URL', ['ws:', 'wss:']) ?? `${config.mediaUrl.replace(/^http/, 'ws').replace(/\/$/, '')}/signalling`;
  if (config.inferenceMode !== 'in-process' && !config.redisUrl) {
    r.problems.push(`OASIS_INFERENCE_MODE=${config.inferenceMode} needs REDIS_URL (jobs travel through Redis)`);
  }
  if (config.monitoringAgreementAlertPct >= config.monitoringAgreementExpectedPct) {
    r.problems.push('OASIS_MONITORING_AGREEMENT_ALERT must be below OASIS_MONITORING_AGREEMENT_EXPECTED (the rule detects a fall from one to the other)');
  }
  if (config.apiProcesses > 1 && (!config.databaseUrl || !config.redisUrl)) {
    // PGlite is one process's database; without Redis, subscriptions and rate limits would stop at a process's edge.
    r.problems.push('OASIS_API_PROCESSES above 1 needs DATABASE_URL (PostgreSQL) and REDIS_URL');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
