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
  /** Lets the namespace send UDP to these ports of the gateway. */
  allowUdp(...ports: number[]): void;
  /** While on, nothing the namespace sends gets out, allowed ports included (a blackout of its link). */
  blackout(on: boolean): void;
  /** Moves the namespace to another address of its subnet (a Wi-Fi to 4G change): connections from the old one die. Returns the new address. */
  changeAddress(): string;
  /** A Chromium executable that runs inside the namespace (for playwright-core's executablePath). */
  chromium: string;
  /** Packets the firewall dropped so far. */
  dropped(): number;
  close(): void;
}

/**
 * A network namespace joined to this machine by a veth pair, made and removed by the test (root needed): the
 * browser inside sees its own loopback and one link whose far end is `gateway`. Its egress passes through an
 * HTB qdisc whose default class drops every packet (a pfifo of length 0); only ARP and the ports given to
 * allowTcp/allowUdp are classified past it. So nothing leaves it but to those ports of the gateway.
 */
export function createNetworkNamespace(): NetworkNamespace {
  if (process.getuid?.() !== 0) throw new Error('This journey makes a network namespace (ip netns, tc): run the tests as root, as CI does.');
  // Names and a /29 of their own per run, so parallel suites (and other engineers' tests) never meet.
  const tag = `${process.pid % 10_000}${Math.floor(Math.random() * 1000)}`;
  const name = `oasis-ns-${tag}`;
  const [outside, inside] = [`oh${tag}`, `oi${tag}`];
  const random = (n: number) => Math.floor(Math.random() * n);
  const subnet = `10.${200 + random(50)}.${random(256)}`;
  // A /29: the gateway, the namespace's first address and room for it to move (changeAddress).
  const base = random(32) * 8;
  const gatewayIp = `${subnet}.${base + 1}`;
  let host = 2;
  const ip = (...args: string[]) => execFileSync(IP, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const inNs = (...args: string[]) => ip('netns', 'exec', name, ...args);
  const dir = mkdtempSync(join(tmpdir(), 'oasis-ns-'));
  let ok = false;
  try {
    ip('netns', 'add', name);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', name);
    ip('addr', 'add', `${gatewayIp}/29`, 'dev', outside);
    ip('link', 'set', outside, 'up');
    // When the first address goes, the next one takes over the subnet's route instead of going with it.
    inNs('sysctl', '-qw', `net.ipv4.conf.${inside}.promote_secondaries=1`);
    inNs(IP, 'addr', 'add', `${subnet}.${base + host}/29`, 'dev', inside);
    inNs(IP, 'link', 'set', inside, 'up');
    inNs(IP, 'link', 'set', 'lo', 'up');
    inNs('tc', 'qdisc', 'add', 'dev', inside, 'root', 'handle', '1:', 'htb', 'default', '30', 'r2q', '1000');
    inNs('tc', 'class', 'add', 'dev', inside, 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1gbit');
    inNs('tc', 'class', 'add', 'dev', inside, 'parent', '1:', 'classid', '1:30', 'htb', 'rate', '1gbit');
    inNs('tc', 'qdisc', 'add', 'dev', inside, 'parent', '1:30', 'handle', '30:', 'pfifo', 'limit', '0');
    // Filters by priority: ARP always passes (1), a blackout drops all IP (2), the allowed ports pass (3).
    inNs('tc', 'filter', 'add', 'dev', inside, 'parent', '1:', 'protocol', 'arp', 'prio', '1', 'u32', 'match', 'u32', '0', '0', 'flowid', '1:10');
    const allow = (protocol: number, ports: number[]) => {
      for (const port of ports) {
        inNs('tc', 'filter', 'add', 'dev', inside, 'parent', '1:', 'protocol', 'ip', 'prio', '3', 'u32',
          'match', 'ip', 'dst', `${gatewayIp}/32`, 'match', 'ip', 'protocol', String(protocol), '0xff', 'match', 'ip', 'dport', String(port), '0xffff', 'flowid', '1:10');
      }
    };
    const chromium = join(dir, 'chromium');
    writeFileSync(chromium, `#!/bin/sh\nexec ${IP} netns exec ${name} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
    ok = true;
    return {
      name,
      gateway: gatewayIp,
      chromium,
      allowTcp: (...ports) => allow(6, ports),
      allowUdp: (...ports) => allow(17, ports),
      blackout(on) {
        if (on) inNs('tc', 'filter', 'add', 'dev', inside, 'parent', '1:', 'protocol', 'ip', 'prio', '2', 'u32', 'match', 'u32', '0', '0', 'flowid', '1:30');
        else inNs('tc', 'filter', 'del', 'dev', inside, 'parent', '1:', 'protocol', 'ip', 'prio', '2');
      },
      changeAddress() {
        if (host >= 6) throw new Error('the namespace has no address left to move to');
        const old = `${subnet}.${base + host}/29`;
        host += 1;
        inNs(IP, 'addr', 'add', `${subnet}.${base + host}/29`, 'dev', inside);
        inNs(IP, 'addr', 'del', old, 'dev', inside);
        return `${subnet}.${base + host}`;
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
