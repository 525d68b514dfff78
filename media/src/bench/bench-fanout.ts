/**
 * `npm run bench:fanout`: one training-session presenter and N headless viewers through the real media
 * service (signalling over WebSocket, RTP through PlainTransports, the production router threshold, so
 * big sessions spread over workers with pipeToRouter). For N = 50, 100, 200, 400, 800, 1000 (BENCH_STEPS) it
 * prints per mediasoup worker the CPU it used and the consumers it carries, the packet loss seen by the
 * viewers (sequence gaps) and the bitrate delivered per viewer; the loss split by kind and by router (the
 * origin's own consumers vs piped ones) beside what the presenter's producer itself received, to tell where a
 * loss happens; and where the kernel dropped datagrams for a full receive buffer (the bench's receivers, the
 * presenter's ingress socket on the origin worker, the workers' other sockets) beside the share of the window
 * each worker was runnable but waiting for a CPU (/proc/<pid>/schedstat). The last line is one JSON object.
 *
 * Not a test: it loads the machine for a couple of minutes. Env: BENCH_STEPS, BENCH_WINDOW_S (measure
 * time per step, default 5), BENCH_VIDEO_KBPS (default 500), MEDIA_WORKERS (default: one per core),
 * BENCH_DEBUG=1 (join time per step on stderr).
 */
import 'reflect-metadata';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker as Thread } from 'node:worker_threads';
import type { types } from 'mediasoup';
import { HeadlessPeer } from '../testing/headless-peer.js';
import { ApiEventsStub, startMediaApp, testJoinToken } from '../testing/media-test-app.js';

const STEPS = (process.env.BENCH_STEPS ?? '50,100,200,400,800,1000').split(',').map(Number);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 5);
const VIDEO_BPS = Number(process.env.BENCH_VIDEO_KBPS ?? 500) * 1000;
const AUDIO_BPS = 40_000;
const WORKERS = Number(process.env.MEDIA_WORKERS ?? availableParallelism());
const RECEIVER_THREADS = 2;
const RECEIVER_SOCKETS_PER_THREAD = 8;
const JOIN_CONCURRENCY = 16;
const ROOM = 'training:bench-fanout';
const CLOCK_TICKS = 100;

interface ReceiverStats {
  streams: number;
  packets: number;
  bytes: number;
  lost: number;
  /** [ssrc, packets, lost] of every stream received. */
  bySsrc: [number, number, number][];
  /** The receiving threads' own measuring window (the longest): longer than the bench's when they lag behind. */
  windowMs: number;
}

/** CPU seconds (user + system) a process used so far, from /proc (the worker's own rusage lags under load). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function ask<T>(thread: Thread, message: string): Promise<T> {
  return new Promise((resolve) => {
    thread.once('message', resolve);
    thread.postMessage(message);
  });
}

/** Nanoseconds a process's main thread spent runnable but waiting for a CPU (/proc/<pid>/schedstat): starvation by the machine. */
function runDelayNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
}

interface UdpSocketRow {
  port: number;
  drops: number;
}

/** Datagrams the kernel dropped per UDP socket (a full receive buffer), by socket inode, from /proc/net/udp. */
function udpDrops(): Map<number, UdpSocketRow> {
  const rows = new Map<number, UdpSocketRow>();
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 13) rows.set(Number(fields[9]), { port: parseInt(fields[1].split(':')[1], 16), drops: Number(fields[12]) });
  }
  return rows;
}

/** Inodes of the sockets a process holds. */
function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`, 'utf8');
    } catch {
      continue; // closed since the listing
    }
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return inodes;
}

/**
 * Kernel drops during a window, split by whose socket dropped: the bench's own receivers (a measurement
 * artefact), the presenter's ingress on the origin worker (lost for every viewer), or the workers' other
 * sockets (the pipe transports between routers).
 */
function kernelDrops(before: Map<number, UdpSocketRow>, after: Map<number, UdpSocketRow>, workerPids: number[], ingressPorts: number[]) {
  const delta = (inodes: Iterable<number>) => [...inodes].reduce((sum, inode) => sum + Math.max(0, (after.get(inode)?.drops ?? 0) - (before.get(inode)?.drops ?? 0)), 0);
  const workers = new Set(workerPids.flatMap((pid) => [...socketInodes(pid)]));
  const ingress = [...workers].filter((inode) => ingressPorts.includes(after.get(inode)?.port ?? -1));
  return { receivers: delta(socketInodes(process.pid)), ingress: delta(ingress), otherWorkerSockets: delta(workers) - delta(ingress) };
}

async function receiverStats(threads: Thread[]): Promise<ReceiverStats> {
  const all = await Promise.all(threads.map((thread) => ask<ReceiverStats>(thread, 'stats')));
  return all.reduce((sum, s) => ({
    streams: sum.streams + s.streams,
    packets: sum.packets + s.packets,
    bytes: sum.bytes + s.bytes,
    lost: sum.lost + s.lost,
    bySsrc: [...sum.bySsrc, ...s.bySsrc],
    windowMs: Math.max(sum.windowMs, s.windowMs),
  }));
}

async function inBatches<T>(count: number, size: number, task: (index: number) => Promise<T>, stop: () => boolean = () => false): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count && !stop(); start += size) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, i) => task(start + i)))));
  }
  return results;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const percent = (lost: number, packets: number) => (packets + lost === 0 ? null : Math.round((lost / (packets + lost)) * 10000) / 100);

/** What the origin router's producer itself received (mediasoup's RtpStreamRecv): a loss here is upstream of every consumer. */
async function producerIngress(producer: types.Producer): Promise<{ packets: number; lost: number } | null> {
  // A starved worker may not answer in time: the step is still reported, without this figure.
  const [stream] = await producer.getStats().catch(() => []);
  return stream ? { packets: stream.packetCount, lost: stream.packetsLost } : null;
}

async function main() {
  // Joins of hundreds of viewers queue behind each other on a busy machine: a generous join timeout.
  const media = await startMediaApp({ MEDIA_WORKERS: String(WORKERS), MEDIA_RATE_BURST: '1000', MEDIA_WORKER_LOG_LEVEL: 'error', MEDIA_JOIN_TIMEOUT_MS: '120000' }, new ApiEventsStub(), ['error']);
  const threads = Array.from({ length: RECEIVER_THREADS }, () => new Thread(new URL('./rtp-receiver-thread.js', import.meta.url), { workerData: { sockets: RECEIVER_SOCKETS_PER_THREAD } }));
  const addresses = (
    await Promise.all(threads.map((thread) => new Promise<{ addresses: Array<{ ip: string; port: number }> }>((resolve) => thread.once('message', resolve))))
  ).flatMap((ready) => ready.addresses);

  const presenter = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: ROOM, role: 'presenter', name: 'Presenter' }));
  const video = await presenter.produce({ ssrc: 0x1111, kind: 'video', bitrate: VIDEO_BPS, frameRate: 30, keyFrameInterval: 60 });
  const audio = await presenter.produce({ ssrc: 0x2222, kind: 'audio', bitrate: AUDIO_BPS, frameRate: 50 });

  const viewers: HeadlessPeer[] = [];
  /** The SSRCs each viewer receives, to find its router (and so where a loss happened). */
  const ssrcsOf = new Map<HeadlessPeer, number[]>();
  const results = [];
  process.stdout.write(
    `fan-out: 1 presenter (VP8-like ${VIDEO_BPS / 1000} kbit/s @30 fps + Opus-like ${AUDIO_BPS / 1000} kbit/s), ${WORKERS} mediasoup workers, ${availableParallelism()} cores, ${WINDOW_S} s per step\n`,
  );
  process.stdout.write(`${'viewers'.padStart(8)} ${'consumers'.padStart(10)}  ${'per worker (consumers @ cpu%)'.padEnd(40)} ${'loss%'.padStart(7)} ${'kbit/s/viewer'.padStart(14)} ${'receiving'.padStart(10)} ${'expect pkt/s'.padStart(12)} ${'recv pkt/s'.padStart(11)}\n`);

  for (const target of STEPS) {
    const joinStart = Date.now();
    const existing = viewers.length;
    // A saturated machine shows as viewers that cannot be set up (mediasoup channel timeouts): counted, not fatal.
    let failedJoins = 0;
    let failure: string | null = null;
    const added = await inBatches(target - existing, JOIN_CONCURRENCY, async (index) => {
      let viewer: HeadlessPeer | null = null;
      try {
        viewer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: ROOM, role: 'viewer' }));
        const address = addresses[(existing + index) % addresses.length];
        const consumed = [await viewer.consume(video.producerId, address), await viewer.consume(audio.producerId, address)];
        ssrcsOf.set(viewer, consumed.map((c) => c.ssrc));
        return viewer;
      } catch (error) {
        failedJoins += 1;
        failure = error instanceof Error ? error.message : String(error);
        await viewer?.close();
        return null;
      }
    }, () => failedJoins > 0);
    if (process.env.BENCH_DEBUG) process.stderr.write(`step ${target}: joined in ${(Date.now() - joinStart) / 1000} s\n`);
    viewers.push(...added.filter((viewer) => viewer !== null));
    const joinSeconds = (Date.now() - joinStart) / 1000;
    // Let new video consumers get their key frame before measuring.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const workers: types.Worker[] = media.runtime.pool.workers;
    const room = media.runtime.manager.rooms.get(ROOM)!;
    await Promise.all(threads.map((thread) => ask(thread, 'reset')));
    const sending = room.peers.get(presenter.joined.peerId)!.producers;
    const ingress = [video, audio].map((p) => sending.get(p.producerId)!.producer);
    const ingressBefore = await Promise.all(ingress.map(producerIngress));
    const cpuBefore = workers.map((w) => cpuSeconds(w.pid));
    const waitBefore = workers.map((w) => runDelayNs(w.pid));
    const mainBefore = process.cpuUsage();
    const sentBefore = video.sender.sentPackets + audio.sender.sentPackets;
    const dropsBefore = udpDrops();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000));
    const elapsed = (Date.now() - started) / 1000;
    const cpuAfter = workers.map((w) => cpuSeconds(w.pid));
    const waitAfter = workers.map((w) => runDelayNs(w.pid));
    const mainCpu = process.cpuUsage(mainBefore);
    const sentAfter = video.sender.sentPackets + audio.sender.sentPackets;
    const ingressPorts = [...room.peers.get(presenter.joined.peerId)!.transports.values()].map((entry) => (entry.transport as types.PlainTransport).tuple.localPort);
    const drops = kernelDrops(dropsBefore, udpDrops(), workers.map((w) => w.pid), ingressPorts);
    const stats = await receiverStats(threads);
    const ingressAfter = await Promise.all(ingress.map(producerIngress));
    const [videoIngress, audioIngress] = ingressAfter.map((after, i) => {
      const before = ingressBefore[i];
      return after && before ? { packets: after.packets - before.packets, lossPercent: percent(after.lost - before.lost, after.packets - before.packets) } : null;
    });
    const perWorker = workers.map((worker, i) => ({
      pid: worker.pid,
      consumers: room.routerSlots.filter((slot) => slot.worker === worker).reduce((sum, slot) => sum + slot.consumers, 0),
      routers: room.routerSlots.filter((slot) => slot.worker === worker).length,
      poolLoad: media.runtime.pool.loadOf(worker),
      cpuPercent: Math.round(((cpuAfter[i] - cpuBefore[i]) / elapsed) * 1000) / 10,
      /** Share of the window the worker was ready to run but had no CPU. */
      waitingPercent: Math.round(((waitAfter[i] - waitBefore[i]) / 1e9 / elapsed) * 1000) / 10,
    }));
    const consumerCount = perWorker.reduce((sum, w) => sum + w.consumers, 0);
    // Loss behind each router: the origin's own consumers vs those fed through a pipe from it.
    const slotOfSsrc = new Map<number, number>();
    const videoSsrcs = new Set<number>();
    for (const viewer of viewers) {
      const slot = room.routerSlots.indexOf(room.peers.get(viewer.joined.peerId)!.slot);
      for (const ssrc of ssrcsOf.get(viewer) ?? []) slotOfSsrc.set(ssrc, slot);
      videoSsrcs.add(ssrcsOf.get(viewer)![0]);
    }
    const byKind = (video: boolean) => {
      const [packets, lost] = stats.bySsrc.filter(([ssrc]) => videoSsrcs.has(ssrc) === video).reduce(([p, l], [, rp, rl]) => [p + rp, l + rl], [0, 0]);
      return percent(lost, packets);
    };
    const perRouter = room.routerSlots.map((slot, index) => {
      const rows = stats.bySsrc.filter(([ssrc]) => slotOfSsrc.get(ssrc) === index);
      const [packets, lost] = rows.reduce(([p, l], [, rp, rl]) => [p + rp, l + rl], [0, 0]);
      return { router: index, pid: slot.worker.pid, consumers: slot.consumers, streams: rows.length, lossPercent: percent(lost, packets) };
    });
    const lossPercent = stats.packets + stats.lost === 0 ? 100 : Math.round((stats.lost / (stats.packets + stats.lost)) * 10000) / 100;
    // Rates over the receivers' own window: a lagging receiver thread counts for longer than the bench waited.
    const receiveSeconds = Math.max(elapsed, stats.windowMs / 1000);
    const kbpsPerViewer = Math.round((stats.bytes * 8) / receiveSeconds / 1000 / viewers.length);
    const result = {
      viewers: viewers.length,
      consumers: consumerCount,
      perWorker,
      perRouter,
      lossPercent,
      videoLossPercent: byKind(true),
      audioLossPercent: byKind(false),
      ingress: { video: videoIngress, audio: audioIngress },
      kbpsPerViewer,
      receivingStreams: stats.streams,
      presenterPacketsPerSecond: Math.round((sentAfter - sentBefore) / elapsed),
      deliveredPacketsPerSecond: Math.round(stats.packets / receiveSeconds),
      receiverLagSeconds: Math.round((receiveSeconds - elapsed) * 10) / 10,
      // What every viewer should get: the presenter's packets, once per viewer.
      expectedPacketsPerSecond: Math.round(((sentAfter - sentBefore) / elapsed) * viewers.length),
      kernelDrops: drops,
      nodeCpuPercent: Math.round(((mainCpu.user + mainCpu.system) / 1e6 / elapsed) * 1000) / 10,
      joinSeconds,
      failedJoins,
      failure,
    };
    results.push(result);
    const workerText = perWorker.map((w) => `${w.consumers}@${w.cpuPercent}%`).join('  ');
    process.stdout.write(
      `${pad(result.viewers, 8)} ${pad(consumerCount, 10)}  ${workerText.padEnd(40)} ${pad(lossPercent.toFixed(2), 7)} ${pad(kbpsPerViewer, 14)} ${pad(`${stats.streams}/${consumerCount}`, 10)} ${pad(result.expectedPacketsPerSecond, 12)} ${pad(result.deliveredPacketsPerSecond, 11)}\n`,
    );
    process.stdout.write(
      `         joined in ${joinSeconds} s; loss by kind: video ${byKind(true)}%, audio ${byKind(false)}%; the producer received ${videoIngress?.packets ?? '?'} video (${videoIngress?.lossPercent ?? '?'}% lost) and ${audioIngress?.packets ?? '?'} audio packets (${audioIngress?.lossPercent ?? '?'}% lost)\n`,
    );
    process.stdout.write(
      `         dropped by the kernel (receive buffer full): ${drops.receivers} at the bench's receivers, ${drops.ingress} at the presenter's ingress, ${drops.otherWorkerSockets} at mediasoup's other sockets; workers waiting for a CPU ${perWorker.map((w) => `${w.waitingPercent}%`).join(', ')} of the time; receivers ${result.receiverLagSeconds} s behind\n`,
    );
    if (perRouter.length > 1) {
      process.stdout.write(`         loss by router: ${perRouter.map((r) => `#${r.router}${r.router === 0 ? ' (origin)' : ''} ${r.streams}/${r.consumers} streams ${r.lossPercent ?? '-'}%`).join(', ')}\n`);
    }
    if (failedJoins > 0) {
      process.stdout.write(`         saturated: ${failedJoins} new viewers could not be set up (${failure}); stopping here\n`);
      break;
    }
  }

  // Consumers one core carries at 80 % CPU, extrapolated linearly from the worker carrying the most consumers
  // in a healthy step (every viewer set up, loss under 1 %).
  const healthy = results.filter((r) => r.failedJoins === 0 && r.lossPercent < 1);
  const samples = healthy.flatMap((r) => r.perWorker.filter((w) => w.consumers > 0 && w.cpuPercent > 5 && w.cpuPercent < 95));
  const busiest = samples.sort((a, b) => b.consumers - a.consumers)[0];
  const consumersPerCoreAt80 = busiest ? Math.round((busiest.consumers / busiest.cpuPercent) * 80) : null;
  const session350 = results.find((r) => r.viewers >= 350 && r.failedJoins === 0);
  const summary = {
    bench: 'fanout',
    cores: availableParallelism(),
    workers: WORKERS,
    videoKbps: VIDEO_BPS / 1000,
    audioKbps: AUDIO_BPS / 1000,
    windowSeconds: WINDOW_S,
    steps: results,
    consumersPerCoreAt80,
    targets: {
      consumersPerCoreAt80: { goal: 500, met: consumersPerCoreAt80 !== null && consumersPerCoreAt80 >= 500 },
      session350: {
        goal: '350 viewers, every worker < 80 % CPU, loss < 1 %',
        viewers: session350?.viewers ?? null,
        met: !!session350 && session350.lossPercent < 1 && session350.perWorker.every((w) => w.cpuPercent < 80),
      },
    },
  };

  for (const thread of threads) thread.postMessage('close');
  video.sender.stop();
  audio.sender.stop();
  await inBatches(viewers.length, 100, (i) => viewers[i].close());
  await presenter.close();
  await media.close();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench:fanout failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
