import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './portal.js';

const IP = '/usr/sbin/ip';

export interface NetworkNamespace {
  name: string;
  /** This machine's end of the link: the only address the namespace can reach. */
  gateway: string;
  /** Lets the namespace open TCP connections to these ports of the gateway; everything else it sends is dropped. */
  allowTcp(...ports: number[]): void;
  /** A Chromium executable that runs inside the namespace (for playwright-core's executablePath). */
  chromium: string;
  /** Packets the firewall dropped so far. */
  dropped(): number;
  close(): void;
}

/**
 * A network namespace joined to this machine by a veth pair, made and removed by the test (root needed): the
 * browser inside sees its own loopback and one link whose far end is `gateway`. Its egress passes through an
 * HTB qdisc whose default class drops every packet (a pfifo of length 0); only ARP and the TCP ports given
 * to allowTcp are classified past it. So no UDP leaves it, and no TCP but to those ports.
 */
export function createNetworkNamespace(): NetworkNamespace {
  if (process.getuid?.() !== 0) throw new Error('This journey makes a network namespace (ip netns, tc): run the tests as root, as CI does.');
  // Names and a /30 of their own per run, so parallel suites (and other engineers' tests) never meet.
  const tag = `${process.pid % 10_000}${Math.floor(Math.random() * 1000)}`;
  const name = `oasis-ns-${tag}`;
  const [outside, inside] = [`oh${tag}`, `oi${tag}`];
  const random = (n: number) => Math.floor(Math.random() * n);
  const subnet = `10.${200 + random(50)}.${random(256)}`;
  const base = random(63) * 4;
  const [gatewayIp, insideIp] = [`${subnet}.${base + 1}`, `${subnet}.${base + 2}`];
  const ip = (...args: string[]) => execFileSync(IP, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const inNs = (...args: string[]) => ip('netns', 'exec', name, ...args);
  const dir = mkdtempSync(join(tmpdir(), 'oasis-ns-'));
  let ok = false;
  try {
    ip('netns', 'add', name);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', name);
    ip('addr', 'add', `${gatewayIp}/30`, 'dev', outside);
    ip('link', 'set', outside, 'up');
    inNs(IP, 'addr', 'add', `${insideIp}/30`, 'dev', inside);
    inNs(IP, 'link', 'set', inside, 'up');
    inNs(IP, 'link', 'set', 'lo', 'up');
    inNs('tc', 'qdisc', 'add', 'dev', inside, 'root', 'handle', '1:', 'htb', 'default', '30', 'r2q', '1000');
    inNs('tc', 'class', 'add', 'dev', inside, 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1gbit');
    inNs('tc', 'class', 'add', 'dev', inside, 'parent', '1:', 'classid', '1:30', 'htb', 'rate', '1gbit');
    inNs('tc', 'qdisc', 'add', 'dev', inside, 'parent', '1:30', 'handle', '30:', 'pfifo', 'limit', '0');
    inNs('tc', 'filter', 'add', 'dev', inside, 'parent', '1:', 'protocol', 'arp', 'prio', '1', 'u32', 'match', 'u32', '0', '0', 'flowid', '1:10');
    const chromium = join(dir, 'chromium');
    writeFileSync(chromium, `#!/bin/sh\nexec ${IP} netns exec ${name} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
    ok = true;
    return {
      name,
      gateway: gatewayIp,
      chromium,
      allowTcp(...ports) {
        for (const port of ports) {
          inNs('tc', 'filter', 'add', 'dev', inside, 'parent', '1:', 'protocol', 'ip', 'prio', '2', 'u32',
            'match', 'ip', 'dst', `${gatewayIp}/32`, 'match', 'ip', 'protocol', '6', '0xff', 'match', 'ip', 'dport', String(port), '0xffff', 'flowid', '1:10');
        }
      },
      dropped() {
        const stats = execFileSync(IP, ['netns', 'exec', name, 'tc', '-s', 'qdisc', 'show', 'dev', inside], { encoding: 'utf8' });
        return Number(/pfifo 30:[\s\S]*?dropped (\d+)/.exec(stats)?.[1] ?? 0);
      },
      close() {
        // Deleting the namespace deletes its end of the veth pair, and with it ours.
        execFileSync(IP, ['netns', 'del', name], { stdio: 'ignore' });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } finally {
    if (!ok) {
      // Whatever was made before the failure; the rest was never there.
      for (const args of [['netns', 'del', name], ['link', 'del', outside]]) {
        try {
          execFileSync(IP, args, { stdio: 'ignore' });
        } catch {
          // not made
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
