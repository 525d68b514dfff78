import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../common/free-port.js';

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
  const dir = await mkdtemp(join(tmpdir(), 'oasis-coturn-'));
  const port = await freePort();
  // The relay range: 200 ports from a random base, so suites running at once rarely meet.
  const minPort = 50_000 + Math.floor(Math.random() * 75) * 200;
  const realm = 'oasis.test';
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
  const child: ChildProcess = spawn(TURNSERVER, ['-c', join(dir, 'turnserver.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () => output + (existsSync(join(dir, 'turn.log')) ? readFileSync(join(dir, 'turn.log'), 'utf8') : '');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(ip, port, () => child.exitCode !== null);
  } catch (error) {
    const said = log();
    await close();
    throw new Error(`coturn did not start: ${(error as Error).message}\n${said}`);
  }
  return { port, ip, secret, realm, log, close };
}

async function waitForPort(host: string, port: number, died: () => boolean, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (died()) throw new Error('the process exited');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${host}:${port} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
