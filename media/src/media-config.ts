import { availableParallelism } from 'node:os';
import type { types } from 'mediasoup';

type RtpCodecCapability = types.RtpCodecCapability;
type WorkerLogLevel = types.WorkerLogLevel;

/**
 * Settings of the media service, all from the environment. Each one says why it has its default:
 * township links are poor and the machine is small, so most defaults trade quality for robustness.
 */
export interface MediaConfig {
  /** HTTP + WebSocket listen address (MEDIA_HOST, MEDIA_PORT). */
  host: string;
  port: number;
  /** MEDIA_WORKERS. One mediasoup worker is single-threaded C++: one per core uses the machine without contention. */
  numWorkers: number;
  /**
   * MEDIA_RTC_MIN_PORT..MEDIA_RTC_MAX_PORT. mediasoup 3.8.4 has no WebRtcServer: every transport takes its
   * own UDP/TCP port from this range, so the firewall must open the whole range. 10 000 ports ≈ 5 000 peers
   * with two transports each.
   */
  rtcMinPort: number;
  rtcMaxPort: number;
  /**
   * MEDIA_LISTEN_IP / MEDIA_ANNOUNCED_IP. Listen on the interface; announce the address clients can reach
   * (the public IP behind NAT), otherwise ICE candidates carry a private address.
   */
  listenIps: types.TransportListenIp[];
  workerLogLevel: WorkerLogLevel;
  /** Opus for audio (robust at low bitrate, FEC); VP8 first (simulcast everywhere); H264 for devices without VP8 hardware. */
  mediaCodecs: RtpCodecCapability[];
  /**
   * MEDIA_INITIAL_OUTGOING_BITRATE (bit/s). What the server sends to a new consumer before bandwidth estimation:
   * ~600 kbit/s starts viewers at a usable picture instead of thumbnail size, without flooding 1 Mbit/s links.
   */
  initialAvailableOutgoingBitrate: number;
  /** MEDIA_MAX_INCOMING_BITRATE (bit/s). Caps what one send transport may push (~1.5 Mbit/s: the 3 simulcast layers plus audio). */
  maxIncomingBitrate: number;
  /**
   * MEDIA_CONSUMERS_PER_ROUTER. A router lives on one worker (one core, roughly 500 consumers): past this
   * many consumers a training room pipes its producers to a router on another worker and places new viewers there.
   */
  consumersPerRouter: number;
  /** OASIS_MEDIA_SECRET (required, >= 32 chars): verifies the API's join tokens and signs attendance reports. Shared with the API. */
  secret: string;
  /** OASIS_API_URL: where join/leave events are POSTed (MEDIA_EVENTS_PATH). ICE/TURN servers are not here: the API hands them to clients. */
  apiUrl: string;
  /**
   * MEDIA_DTLS_TIMEOUT_MS. After connectTransport, DTLS must complete within this time; otherwise ICE/TURN is
   * blocked for that client and its peer is closed instead of holding ports and a seat forever.
   */
  dtlsTimeoutMs: number;
  /** MEDIA_JOIN_TIMEOUT_MS. A socket that has not joined by then is closed (idle sockets cost memory and file descriptors). */
  joinTimeoutMs: number;
  /** MEDIA_RESUME_TICKET_TTL_MS. How long a dropped client may rejoin without a new API token (network drop, worker death). */
  resumeTicketTtlMs: number;
  /** MEDIA_SESSION_CHECK_MS. How often the API is asked whether connected peers' sessions are still open (ended ones are disconnected). */
  sessionCheckMs: number;
  /**
   * MEDIA_RATE_PER_SECOND / MEDIA_RATE_BURST. Token bucket per socket: a real client sends a handful of
   * requests per second (pointer moves ~20/s); far more is a flood and the socket is cut off.
   */
  ratePerSecond: number;
  rateBurst: number;
  /** Most transports one peer may hold (a browser needs 2; ICE restarts reuse them). */
  maxTransportsPerPeer: number;
  /**
   * MEDIA_ALLOW_PLAIN_TRANSPORTS. Lets headless clients (tests, the fan-out benchmark, future recorders) send
   * and receive plain RTP. Off in production: plain RTP is unencrypted.
   */
  allowPlainTransports: boolean;
}

/** Camera/screen codecs offered by every router. */
const MEDIA_CODECS: RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 600 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1, 'x-google-start-bitrate': 600 },
  },
];

export const MIN_SECRET_LENGTH = 32;

export function loadMediaConfig(env: Record<string, string | undefined> = process.env): MediaConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const secret = env.OASIS_MEDIA_SECRET ?? '';
  if (secret.length < MIN_SECRET_LENGTH) problems.push(`OASIS_MEDIA_SECRET must be set and at least ${MIN_SECRET_LENGTH} characters (shared with the API)`);
  const rtcMinPort = int('MEDIA_RTC_MIN_PORT', 40000, 1024, 65535);
  const rtcMaxPort = int('MEDIA_RTC_MAX_PORT', 49999, 1024, 65535);
  if (rtcMaxPort <= rtcMinPort) problems.push('MEDIA_RTC_MAX_PORT must be above MEDIA_RTC_MIN_PORT');
  const logLevels = ['debug', 'warn', 'error', 'none'] as const;
  const workerLogLevel = (env.MEDIA_WORKER_LOG_LEVEL ?? 'warn') as WorkerLogLevel;
  if (!logLevels.includes(workerLogLevel)) problems.push(`MEDIA_WORKER_LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  const apiUrl = env.OASIS_API_URL ?? 'http://127.0.0.1:3000';
  if (!/^https?:\/\//.test(apiUrl)) problems.push(`OASIS_API_URL="${apiUrl}" must be an http(s) URL`);

  const config: MediaConfig = {
    host: env.MEDIA_HOST ?? '127.0.0.1',
    port: int('MEDIA_PORT', 3100, 0, 65535),
    numWorkers: int('MEDIA_WORKERS', availableParallelism(), 1, 256),
    rtcMinPort,
    rtcMaxPort,
    listenIps: [{ ip: env.MEDIA_LISTEN_IP ?? '127.0.0.1', ...(env.MEDIA_ANNOUNCED_IP ? { announcedIp: env.MEDIA_ANNOUNCED_IP } : {}) }],
    workerLogLevel,
    mediaCodecs: MEDIA_CODECS,
    initialAvailableOutgoingBitrate: int('MEDIA_INITIAL_OUTGOING_BITRATE', 600_000, 100_000, 10_000_000),
    maxIncomingBitrate: int('MEDIA_MAX_INCOMING_BITRATE', 1_500_000, 100_000, 20_000_000),
    consumersPerRouter: int('MEDIA_CONSUMERS_PER_ROUTER', 500, 1, 100_000),
    secret,
    apiUrl: apiUrl.replace(/\/$/, ''),
    dtlsTimeoutMs: int('MEDIA_DTLS_TIMEOUT_MS', 15_000, 100, 300_000),
    joinTimeoutMs: int('MEDIA_JOIN_TIMEOUT_MS', 10_000, 100, 300_000),
    resumeTicketTtlMs: int('MEDIA_RESUME_TICKET_TTL_MS', 5 * 60_000, 1000, 3_600_000),
    sessionCheckMs: int('MEDIA_SESSION_CHECK_MS', 10_000, 100, 3_600_000),
    ratePerSecond: int('MEDIA_RATE_PER_SECOND', 50, 1, 100_000),
    rateBurst: int('MEDIA_RATE_BURST', 100, 1, 100_000),
    maxTransportsPerPeer: int('MEDIA_MAX_TRANSPORTS_PER_PEER', 4, 2, 64),
    allowPlainTransports: env.MEDIA_ALLOW_PLAIN_TRANSPORTS === 'true',
  };
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
