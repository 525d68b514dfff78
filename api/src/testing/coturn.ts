import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../common/free-port.js';
import { startTestDaemon } from './test-daemon.js';

export const TURNSERVER = '/usr/bin/turnserver';

export interface CoturnOptions {
  /** Where clients reach it (a network namespace's gateway, say); relays are always made on loopback. */
  ip?: string;
  /** TURN over TCP only, as on a network that lets nothing but TCP out. */
  tcpOnly?: boolean;
  secret?: string;
}

export interface Coturn {
  /** TURN over TCP (and UDP unless tcpOnly) on this port of `ip`. */
  port: number;
  ip: string;
  secret: string;
  realm: string;
  /** What coturn logged so far: start-up, and each allocation with its username and outcome. */
  log(): string;
  close(): Promise<void>;
}

/**
 * Debian's coturn on a free port with a generated config: TURN REST API authentication (`use-auth-secret`
 * with a fresh secret), plain TURN only (no certificate), relays on 127.0.0.1 and allowed to reach loopback
 * peers (the media service under test listens there). Stopped and its folder removed by close().
 */
export async function startCoturn({ ip = '127.0.0.1', tcpOnly = false, secret = randomBytes(32).toString('hex') }: CoturnOptions = {}): Promise<Coturn> {
  if (!existsSync(TURNSERVER)) throw new Error(`coturn is missing at ${TURNSERVER}: \`apt-get install coturn\` (npm test installs it).`);
  const port = await freePort();
  // The relay range: 200 ports from a random base, so suites running at once rarely meet.
  const minPort = 50_000 + Math.floor(Math.random() * 75) * 200;
  const realm = 'oasis.test';
  const daemon = await startTestDaemon(
    'coturn',
    async (dir) => {
      const config = [
        `listening-ip=${ip}`,
        'relay-ip=127.0.0.1',
        `listening-port=${port}`,
        `min-port=${minPort}`,
        `max-port=${minPort + 199}`,
        'use-auth-secret',
        `static-auth-secret=${secret}`,
        `realm=${realm}`,
        'fingerprint',
        'no-tls',
        'no-dtls',
        ...(tcpOnly ? ['no-udp'] : []),
        'no-cli',
        'no-multicast-peers',
        'allow-loopback-peers',
        `userdb=${join(dir, 'turndb')}`,
        `pidfile=${join(dir, 'turnserver.pid')}`,
        // Verbose names each allocation's user; a file, since coturn buffers its log to a pipe.
        `log-file=${join(dir, 'turn.log')}`,
        'simple-log',
        'verbose',
      ];
      await writeFile(join(dir, 'turnserver.conf'), `${config.join('\n')}\n`, { mode: 0o600 });
      return { command: TURNSERVER, args: ['-c', join(dir, 'turnserver.conf')] };
    },
    () => portOpen(ip, port),
  );
  const logFile = join(daemon.dir, 'turn.log');
  const log = () => daemon.stderr() + (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  return { port, ip, secret, realm, log, close: daemon.stop };
}

/** Whether something accepts TCP connections on host:port now. */
function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
