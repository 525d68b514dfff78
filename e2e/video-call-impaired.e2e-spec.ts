import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { Browser, Page } from 'playwright-core';
import { User } from '../api/src/identity/user.entity.js';
import { type Coturn, startCoturn } from '../api/src/testing/coturn.js';
import { audioStats, type CallWindow, callState, framesFlow, mediaPaths, videoStats } from './support/call-media.js';
import { claimedConsult, openConsultPage } from './support/consult-call.js';
import { type ImpairedLink, type Impairment, startImpairedLink } from './support/impaired-link.js';
import { createNetworkNamespace, type NetworkNamespace } from './support/network-namespace.js';
import { launchChromium, type Portal, SCREENSHOT_DIR, startPortal } from './support/portal.js';
import { forwardTcp } from './support/tcp-forward.js';

const TIMEOUT = 420_000;
/** How long the journey waits for each change before it calls the behaviour broken (a bound, not a target). */
const PATIENCE_MS = 60_000;
/** The township link of the issue: 300 kbit/s, 5 % loss, 400 ms round trip (200 ms each way). */
const TOWNSHIP: Impairment = { rateBps: 300_000, loss: 0.05, delayMs: 200 };
/** Below the floor: too thin and lossy for any video. */
const BELOW_FLOOR: Impairment = { rateBps: 100_000, loss: 0.15, delayMs: 200 };
const BLACKOUT_MS = 10_000;

/**
 * A township clinic on a poor link. The doctor's Chromium runs in its own network namespace that lets out
 * only TCP to the portal and signalling and UDP to one port: a userspace link simulator (this kernel has no
 * netem) that drops, delays and rate-limits every datagram between the browser and coturn, which relays to
 * the media service. So all the doctor's media crosses the simulated link, as real packets between a real
 * Chromium, a real coturn and real mediasoup. The journey reports what it measured as one JSON line.
 */
describe('consult video call over an impaired link (loss, latency, bandwidth cap, blackout, address change)', () => {
  let netns: NetworkNamespace;
  let coturn: Coturn;
  let link: ImpairedLink;
  let portal: Portal;
  let stopForward: () => Promise<void>;
  let clinicBrowser: Browser;
  let consultId: string;
  let apiPort: number;

  beforeAll(async () => {
    netns = createNetworkNamespace();
    coturn = await startCoturn();
    link = await startImpairedLink(netns.gateway, { host: coturn.ip, port: coturn.port });
    portal = await startPortal(
      { OASIS_TURN_URLS: `turn:${netns.gateway}:${link.port}?transport=udp`, OASIS_TURN_SECRET: coturn.secret, OASIS_TURN_CREDENTIAL_TTL: '600' },
      { media: true, mediaHost: netns.gateway },
    );
    apiPort = Number(new URL(portal.url).port);
    stopForward = await forwardTcp(netns.gateway, apiPort);
    netns.allowTcp(apiPort, Number(new URL(portal.media!.signallingUrl).port));
    netns.allowUdp(link.port);
    clinicBrowser = await launchChromium({ media: true, executablePath: netns.chromium, args: [`--unsafely-treat-insecure-origin-as-secure=http://${netns.gateway}:${apiPort}`] });
    consultId = await claimedConsult(portal.api, 'Ayshem Tohti');
  }, 120_000);

  afterAll(async () => {
    await clinicBrowser?.close().catch(() => undefined);
    await stopForward?.();
    await portal?.close();
    await link?.close();
    await coturn?.close();
    netns?.close();
  }, TIMEOUT);

  test(
    'the picture drops a layer on the township link and pauses below the floor while audio goes on; the call comes back after a blackout and an address change without a reload',
    async () => {
      const clinic = await clinicBrowser.newContext({ baseURL: `http://${netns.gateway}:${apiPort}`, locale: 'en-US', viewport: { width: 1920, height: 1000 } });
      const figures: Record<string, unknown> = { link: { township: TOWNSHIP, belowFloor: BELOW_FLOOR, blackoutMs: BLACKOUT_MS } };
      try {
        const doctor = await openConsultPage(await clinic.newPage(), 'doctor', consultId);
        const specialist = await openConsultPage(await portal.newPage(), 'specialist', consultId);
        await doctor.getByTestId('call-start').click();
        await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
        await specialist.getByTestId('call-incoming').waitFor({ timeout: 15_000 });
        await specialist.getByTestId('call-start').click();
        await callState(specialist, 'connected').waitFor({ timeout: 30_000 });
        await Promise.all([framesFlow(doctor), framesFlow(specialist)]);
        // All the doctor's media crosses the simulated link: through coturn, over UDP.
        for (const path of await mediaPaths(doctor)) expect(path).toMatchObject({ candidateType: 'relay', relayProtocol: 'udp' });
        // Set on the page now: still there at the end means no reload happened.
        await doctor.evaluate(() => ((window as unknown as { journeyMark: number }).journeyMark = 1));

        // What the media service sends the doctor of the specialist's camera (its own record, not the browser's guess).
        const doctorId = (await portal.api.dataSource.getRepository(User).findOneByOrFail({ username: 'doctor' })).id;
        const doctorPeer = () => [...(portal.media!.runtime.manager.rooms.get(`consult:${consultId}`)?.peers.values() ?? [])].find((p) => p.userId === doctorId);
        const cameraToDoctor = () => [...(doctorPeer()?.consumers.values() ?? [])].find((c) => c.source === 'camera')?.consumer;
        const layerToDoctor = () => cameraToDoctor()?.currentLayers?.spatialLayer ?? -1;
        // The ICE credentials of the doctor's transports on the server: they change with each ICE restart.
        const iceOfDoctor = () =>
          [...(doctorPeer()?.transports.values() ?? [])].map((entry) => (entry.transport as types.WebRtcTransport).iceParameters.usernameFragment).sort().join();

        // Clean link: the wide window gets the specialist's best layer the camera sends (at least the middle one).
        await until(() => layerToDoctor() >= 1);
        const cleanLayer = layerToDoctor();

        // The township link: the doctor is told the connection is weak, the picture drops to a lower layer (or
        // pauses), and sound keeps coming.
        const township = await timed(async () => {
          link.set(TOWNSHIP);
          await doctor.locator('[data-testid=call-state][data-state=connected]:not([data-quality=good])').waitFor({ timeout: PATIENCE_MS });
          await until(() => layerToDoctor() < cleanLayer || cameraToDoctor()?.paused === true);
        });
        await soundGoesOn(doctor);
        figures['township'] = { cleanLayer, secondsToLowerLayerOrPause: township, layerOnLink: layerToDoctor(), videoPaused: cameraToDoctor()?.paused, quality: await quality(doctor), ...link.counts() };
        await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'video-call-impaired-township.png'), fullPage: true });

        // The link recovers: the connection reads good again and the picture returns to its layer.
        const recovered = await timed(async () => {
          link.set({});
          await doctor.locator('[data-testid=call-state][data-state=connected][data-quality=good]').waitFor({ timeout: PATIENCE_MS });
          await until(() => layerToDoctor() === cleanLayer && cameraToDoctor()?.paused === false);
        });
        figures['townshipRecovery'] = { secondsToCleanLayer: recovered };

        // Below the floor: video pauses (the server stops sending it), the doctor sees why, and audio goes on.
        const floor = await timed(async () => {
          link.set(BELOW_FLOOR);
          await doctor.locator('[data-testid=call-state][data-quality=poor]', { hasText: 'video paused until the connection improves' }).waitFor({ timeout: PATIENCE_MS });
          await until(() => cameraToDoctor()?.paused === true);
        });
        await soundGoesOn(doctor);
        await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'video-call-impaired-audio-only.png'), fullPage: true });
        const videoBack = await timed(async () => {
          link.set({});
          await until(() => cameraToDoctor()?.paused === false);
          await framesFlow(doctor, PATIENCE_MS, 5);
        });
        figures['belowFloor'] = { secondsToAudioOnly: floor, secondsToVideoBack: videoBack };

        // A 10 s blackout of everything (signalling too): the call comes back on its own.
        const recoveriesBefore = await recoveries(doctor);
        const iceBeforeBlackout = iceOfDoctor();
        netns.blackout(true);
        link.set({ down: true });
        const framesAtBlackout = await framesDecoded(doctor);
        await new Promise((resolve) => setTimeout(resolve, BLACKOUT_MS));
        // The blackout is real: at most what was already buffered is decoded while it lasts.
        const framesDuringBlackout = (await framesDecoded(doctor)) - framesAtBlackout;
        expect(framesDuringBlackout).toBeLessThan(30);
        const afterBlackout = await timed(async () => {
          netns.blackout(false);
          link.set({});
          await framesFlow(doctor, PATIENCE_MS, 5);
          await callState(doctor, 'connected').waitFor({ timeout: PATIENCE_MS });
        });
        figures['blackout'] = { framesDuringBlackout, secondsToFramesAfterLinkBack: afterBlackout, rejoined: (await recoveries(doctor)) > recoveriesBefore, iceRestarted: iceOfDoctor() !== iceBeforeBlackout };

        // Wi-Fi to 4G: the clinic's address changes under the call; it resumes (ICE restart or rejoin).
        const [recoveriesBeforeMove, iceBeforeMove] = [await recoveries(doctor), iceOfDoctor()];
        const address = await timed(async () => {
          const moved = netns.changeAddress();
          // Media comes from the new address: the old path is gone, not merely still working.
          await until(() => link.sources().has(moved));
          await framesFlow(doctor, PATIENCE_MS, 5);
          await callState(doctor, 'connected').waitFor({ timeout: PATIENCE_MS });
        });
        figures['addressChange'] = { secondsToFramesFromNewAddress: address, rejoined: (await recoveries(doctor)) > recoveriesBeforeMove, iceRestarted: iceOfDoctor() !== iceBeforeMove };

        // Still the same page, and the specialist sees the doctor again too.
        expect(await doctor.evaluate(() => (window as unknown as { journeyMark?: number }).journeyMark)).toBe(1);
        await framesFlow(specialist, PATIENCE_MS, 5);
        process.stdout.write(`impaired-link journey figures: ${JSON.stringify(figures)}\n`);

        await doctor.getByTestId('call-hang-up').click();
        await callState(doctor, 'ended').waitFor();
      } finally {
        await clinic.close();
      }
    },
    TIMEOUT,
  );
});

/** Seconds `work` took (reported, never asserted). */
async function timed(work: () => Promise<void>): Promise<number> {
  const start = Date.now();
  await work();
  return (Date.now() - start) / 1000;
}

async function until(check: () => boolean, timeout = PATIENCE_MS): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`condition not met within ${timeout} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The received audio's decoded energy keeps rising: the doctor still hears the specialist. */
async function soundGoesOn(page: Page): Promise<void> {
  const energy = async () => (await audioStats(page)).reduce((sum, row) => sum + row.totalAudioEnergy, 0);
  const before = await energy();
  await page.waitForFunction(
    async (before) => {
      const rows = (await (window as unknown as CallWindow).oasisCall?.audioStats()) ?? [];
      return rows.reduce((sum, row) => sum + row.totalAudioEnergy, 0) > before;
    },
    before,
    { timeout: PATIENCE_MS, polling: 250 },
  );
}

const framesDecoded = async (page: Page) => (await videoStats(page)).reduce((sum, row) => sum + row.framesDecoded, 0);
const quality = (page: Page) => page.getByTestId('call-state').getAttribute('data-quality');
const recoveries = (page: Page) => page.evaluate(() => (window as unknown as CallWindow).oasisCall?.recoveries() ?? 0);
