import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { User } from '../api/src/identity/user.entity.js';
import { type Coturn, startCoturn } from '../api/src/testing/coturn.js';
import { callState, framesFlow, mediaPaths } from './support/call-media.js';
import { claimedConsult, openConsultPage } from './support/consult-call.js';
import { createNetworkNamespace, type NetworkNamespace } from './support/network-namespace.js';
import { launchChromium, type Portal, SCREENSHOT_DIR, startPortal } from './support/portal.js';
import { forwardTcp } from './support/tcp-forward.js';

const TIMEOUT = 180_000;

/**
 * A township clinic whose network lets nothing out but TCP to the portal and to the TURN server (as hospital
 * firewalls that allow only 443 do): the doctor's Chromium runs in its own network namespace whose egress
 * drops all UDP and all TCP but to the API, the signalling port and coturn's TCP port. The media service's
 * own ports (on this machine's loopback) are out of its reach, so media can only go through coturn.
 */
describe('consult video call through TURN over TCP (coturn), from a network that allows nothing else', () => {
  let netns: NetworkNamespace;
  let coturn: Coturn;
  let portal: Portal;
  let stopForward: () => Promise<void>;
  let clinicBrowser: Browser;
  let consultId: string;
  let apiPort: number;

  beforeAll(async () => {
    netns = createNetworkNamespace();
    coturn = await startCoturn({ ip: netns.gateway, tcpOnly: true });
    portal = await startPortal(
      { OASIS_TURN_URLS: `turn:${netns.gateway}:${coturn.port}?transport=tcp`, OASIS_TURN_SECRET: coturn.secret, OASIS_TURN_CREDENTIAL_TTL: '600' },
      { media: true, mediaHost: netns.gateway },
    );
    apiPort = Number(new URL(portal.url).port);
    stopForward = await forwardTcp(netns.gateway, apiPort);
    netns.allowTcp(apiPort, Number(new URL(portal.media!.signallingUrl).port), coturn.port);
    // The portal is plain http on a non-local address there: let Chromium treat it as secure so it may use the camera.
    clinicBrowser = await launchChromium({ media: true, executablePath: netns.chromium, args: [`--unsafely-treat-insecure-origin-as-secure=http://${netns.gateway}:${apiPort}`] });
    consultId = await claimedConsult(portal.api, 'Ayshem Tohti');
  }, 120_000);

  afterAll(async () => {
    await clinicBrowser?.close().catch(() => undefined);
    await stopForward?.();
    await portal?.close();
    await coturn?.close();
    netns?.close();
  }, TIMEOUT);

  test(
    'the doctor behind the firewall calls, the specialist answers: both decode each other’s video, and the doctor’s media goes through the relay over TCP',
    async () => {
      const clinic = await clinicBrowser.newContext({ baseURL: `http://${netns.gateway}:${apiPort}`, locale: 'en-US', viewport: { width: 1280, height: 800 } });
      let doctor: Page | undefined;
      try {
        // The clinic reaches the portal; nothing else (a direct connection to the media service) goes out.
        doctor = await openConsultPage(await clinic.newPage(), 'doctor', consultId);
        const specialist = await openConsultPage(await portal.newPage(), 'specialist', consultId);

        await doctor.getByTestId('call-start').click();
        await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
        await specialist.getByTestId('call-incoming').waitFor({ timeout: 15_000 });
        await specialist.getByTestId('call-start').click();
        await callState(specialist, 'connected').waitFor({ timeout: 30_000 });
        await Promise.all([framesFlow(doctor), framesFlow(specialist)]);

        // Both of the doctor's transports (camera and microphone out, the specialist's media in) use the relay, over TCP.
        const paths = await mediaPaths(doctor);
        expect(paths.map((path) => path.direction).sort()).toEqual(['recv', 'send']);
        for (const path of paths) expect(path).toMatchObject({ candidateType: 'relay', relayProtocol: 'tcp' });
        // coturn allocated those relays for the doctor, with the credentials the API made for this join.
        const doctorId = (await portal.api.dataSource.getRepository(User).findOneByOrFail({ username: 'doctor' })).id;
        expect(coturn.log()).toMatch(new RegExp(`user <\\d+:${doctorId}>: incoming packet ALLOCATE processed, success`));
        await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'video-call-turn-doctor.png'), fullPage: true });

        await doctor.getByTestId('call-hang-up').click();
        await callState(doctor, 'ended').waitFor();
      } finally {
        await clinic.close();
      }
    },
    TIMEOUT,
  );
});
