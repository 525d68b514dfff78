import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, WebSocketRoute } from 'playwright-core';
import { Institution } from '../api/src/identity/institution.entity.js';
import { User } from '../api/src/identity/user.entity.js';
import { createStudy, registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { createSignedInUser } from '../api/src/testing/users.js';
import { buildCourse, userId } from '../api/src/training/testing/training-fixtures.js';
import { spatialLayerForWidth } from '#contracts/protocol/signalling.js';
import { type CallWindow, callState, framesFlow } from './support/call-media.js';
import { SCREENSHOT_DIR } from './support/portal.js';
import { signInAs, submitSignIn, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 180_000;
const BREAST_IMAGE = resolve(process.cwd(), '../shared/datasets/busi/images/busi_malignant_047.png');
/** The media service must bring a room back within this after its worker dies (the promise). */
const WORKER_RECOVERY_MS = 10_000;

/** Polls a condition of the server side (the media service runs in this process). */
async function until(condition: () => boolean, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not true within ${timeout} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const remoteCameraWidth = (page: Page) =>
  page.locator('[data-testid=remote-video][data-source=camera] video').evaluate((video) => video.getBoundingClientRect().width);


describe('consult video call: the township doctor and the specialist see each other, and the call survives drops', () => {
  let consultId = '';
  let colleaguePassword = '';
  beforeAll(() => {
    if (!existsSync(BREAST_IMAGE)) throw new Error(`A breast image is missing: ${BREAST_IMAGE} (shared datasets folder).`);
  });

  const suite = usePortalPage({
    media: true,
    eachPage: false,
    timeout: TIMEOUT,
    // A consult with one breast image (AI pre-read done), asked by the township doctor; and a colleague of
    // the specialist at the same hospital, who can open the consult but takes no part in it.
    async setUp({ api }) {
      const ids = Object.fromEntries((await api.dataSource.getRepository(Institution).find()).map((i) => [i.code, i.id]));
      const doctor = await api.signIn('doctor');
      const patientId = await registerPatient(api, doctor, ids['KS-SF-T01'], 'Gulnar Tursun');
      const studyId = await createStudy(api, doctor, patientId, 'BREAST', new Uint8Array(readFileSync(BREAST_IMAGE)));
      const asked = await api.gql<{ requestConsult: { id: string } }>(
        'mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }',
        { i: { studyId, clinicalQuestion: 'Can we look at this mass together?', urgency: 'URGENT' } },
        doctor,
      );
      consultId = asked.data!.requestConsult.id;
      await createSignedInUser(api, await api.signIn('admin'), 'call.colleague', [{ role: 'SPECIALIST', institutionId: ids['KS-PH'] }]);
      colleaguePassword = 'Own-secret-2026x';
    },
  });

  /** Signs in on a fresh profile, in English, and opens the consult. */
  async function openConsult(username: 'doctor' | 'specialist', query = ''): Promise<Page> {
    const page = await suite.newPage();
    await signInAs(page, username);
    await page.getByTestId('lang-en').click();
    await waitForLanguage(page, 'en');
    await page.goto(`/consults/${consultId}${query}`);
    await page.locator('[data-testid=consult-live][data-state=on]').waitFor();
    return page;
  }

  /**
   * The doctor starts the call from the consult; the specialist, rung on their open consult, joins. With
   * `onDoctorSignalling`, the doctor's signalling socket passes through a route the test can cut.
   */
  async function startCall(onDoctorSignalling?: (route: WebSocketRoute) => void): Promise<{ doctor: Page; specialist: Page }> {
    const specialist = await openConsult('specialist');
    const doctor = await suite.newPage();
    if (onDoctorSignalling) await doctor.routeWebSocket(/\/signalling$/, onDoctorSignalling);
    await signInAs(doctor, 'doctor');
    await doctor.getByTestId('lang-en').click();
    await waitForLanguage(doctor, 'en');
    await doctor.goto(`/consults/${consultId}`);
    await doctor.locator('[data-testid=consult-live][data-state=on]').waitFor();

    await doctor.getByTestId('call-start').click();
    await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
    const ringing = specialist.getByTestId('call-incoming');
    await ringing.waitFor({ timeout: 15_000 });
    expect(await ringing.textContent()).toContain('Dr. Mehmet Ablimit is calling');
    expect(await specialist.getByTestId('call-start').textContent()).toContain('Join call');
    await specialist.getByTestId('call-start').click();
    await callState(specialist, 'connected').waitFor({ timeout: 30_000 });
    await specialist.getByTestId('call-incoming').waitFor({ state: 'detached' });
    return { doctor, specialist };
  }

  test(
    'the doctor calls, the specialist answers; both decode each other’s video, share the image with its AI overlay and a pointer; a colleague is refused',
    async () => {
      // The specialist takes the consult (only then can a call start), then goes on with other work.
      const specialist = await openConsult('specialist');
      expect(await specialist.getByTestId('consult-call').count()).toBe(0);
      await specialist.getByTestId('consult-claim').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=CLAIMED]').waitFor();
      await specialist.getByTestId('consult-call').waitFor();
      await specialist.getByTestId('nav-home').click();
      await specialist.getByTestId('home-welcome').waitFor();

      // The doctor starts the call; the specialist is rung wherever they are in the app, and joins.
      const doctor = await openConsult('doctor');
      await doctor.getByTestId('call-start').click();
      await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
      const ring = specialist.locator(`[data-testid=incoming-call][data-consult="${consultId}"]`);
      await ring.waitFor({ timeout: 15_000 });
      expect(await ring.textContent()).toContain('Dr. Mehmet Ablimit is calling');
      await ring.getByTestId('incoming-call-join').click();
      await specialist.waitForURL(`**/consults/${consultId}?call=join`);
      await callState(specialist, 'connected').waitFor({ timeout: 30_000 });
      expect(await specialist.getByTestId('incoming-call').count()).toBe(0);

      // Each sees the other's camera (simulcast, decoded) and their own.
      for (const page of [doctor, specialist]) {
        await page.locator('[data-testid=remote-video][data-source=camera]').waitFor({ timeout: 20_000 });
        await page.getByTestId('local-video').waitFor();
      }
      await Promise.all([framesFlow(doctor), framesFlow(specialist)]);
      expect(await doctor.locator('[data-testid=remote-video]').first().textContent()).toContain('Dr. Li Wei (Radiology)');

      // The simulcast layer the media service sends the doctor follows the size the specialist's video is drawn at.
      const doctorId = (await suite.portal.api.dataSource.getRepository(User).findOneByOrFail({ username: 'doctor' })).id;
      const sentToDoctor = () => {
        const room = suite.portal.media!.runtime.manager.rooms.get(`consult:${consultId}`);
        const peers = [...(room?.peers.values() ?? [])].filter((peer) => peer.userId === doctorId);
        return peers.flatMap((peer) => [...peer.consumers.values()]).filter((c) => c.source === 'camera').map((c) => c.consumer.preferredLayers?.spatialLayer);
      };
      await doctor.setViewportSize({ width: 1920, height: 1000 });
      const wide = spatialLayerForWidth(await remoteCameraWidth(doctor));
      await until(() => sentToDoctor()[0] === wide);
      await doctor.setViewportSize({ width: 360, height: 800 });
      const narrow = spatialLayerForWidth(await remoteCameraWidth(doctor));
      expect([narrow, wide]).toEqual([0, 2]);
      await until(() => sentToDoctor()[0] === narrow);
      await doctor.setViewportSize({ width: 1920, height: 1000 });
      await until(() => sentToDoctor()[0] === wide);
      await doctor.setViewportSize({ width: 1280, height: 800 });

      // The doctor shows the ultrasound image; both see it with the AI's lesion box.
      await doctor.getByTestId('call-share-select').selectOption({ index: 1 });
      for (const page of [doctor, specialist]) {
        const shared = page.getByTestId('call-shared-image');
        await shared.locator('[data-testid=viewer-image]').waitFor({ timeout: 15_000 });
        expect(await shared.getByTestId('lesion-box').count()).toBeGreaterThanOrEqual(1);
      }
      // The specialist points; the doctor sees the pointer where the specialist's mouse is.
      const layer = specialist.getByTestId('call-pointer-layer');
      await layer.scrollIntoViewIfNeeded();
      const box = (await layer.boundingBox())!;
      await layer.hover({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
      await layer.hover({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
      const pointer = doctor.getByTestId('call-pointer');
      await pointer.waitFor({ timeout: 10_000 });
      await doctor.waitForFunction(() => {
        const dot = document.querySelector<HTMLElement>('[data-testid=call-pointer]');
        return !!dot && Math.abs(parseFloat(dot.style.left) - 30) < 1 && Math.abs(parseFloat(dot.style.top) - 60) < 1;
      });
      expect(await specialist.getByTestId('call-pointer').count()).toBe(0);
      await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'video-call-doctor.png'), fullPage: true });

      // A colleague of the specialist opens the call's link: refused, with the reason.
      const colleague = await suite.newPage();
      await colleague.goto('/sign-in');
      await submitSignIn(colleague, 'call.colleague', colleaguePassword);
      await colleague.getByTestId('home-welcome').waitFor();
      await colleague.getByTestId('lang-en').click();
      await waitForLanguage(colleague, 'en');
      await colleague.goto(`/consults/${consultId}?call=join`);
      const refused = colleague.locator('[data-testid=call-failure][data-code=NOT_PARTICIPANT]');
      await refused.waitFor({ timeout: 15_000 });
      expect(await refused.textContent()).toContain('You cannot join this call');
      expect(await colleague.locator('[data-testid=remote-video]').count()).toBe(0);
      // The two in the call saw nobody join.
      expect(await doctor.locator('[data-testid=remote-video][data-source=camera]').count()).toBe(1);

      // Hanging up ends it on this side and the other sees the video go.
      await doctor.getByTestId('call-hang-up').click();
      await callState(doctor, 'ended').waitFor();
      await specialist.locator('[data-testid=remote-video]').waitFor({ state: 'detached', timeout: 15_000 });

      // Both hang up. A second call that the doctor gives up before it is answered stops ringing by itself.
      await specialist.getByTestId('call-hang-up').click();
      await callState(specialist, 'ended').waitFor();
      await doctor.getByTestId('call-start').click();
      await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
      await specialist.getByTestId('call-incoming').waitFor({ timeout: 15_000 });
      await doctor.getByTestId('call-hang-up').click();
      await callState(doctor, 'ended').waitFor();
      await specialist.getByTestId('call-incoming').waitFor({ state: 'detached', timeout: 20_000 });
    },
    TIMEOUT,
  );

  test(
    'the doctor’s connection is cut: the page says it is reconnecting, then video flows again both ways',
    async () => {
      const routes: WebSocketRoute[] = [];
      const { doctor, specialist } = await startCall((route) => {
        route.connectToServer();
        routes.push(route);
      });
      await Promise.all([framesFlow(doctor), framesFlow(specialist)]);

      // The link drops: the signalling socket dies on both ends, and the server closes the doctor's transports.
      await routes.at(-1)!.close({ code: 4000, reason: 'network cut' });
      await callState(doctor, 'reconnecting').waitFor({ timeout: 5000 });
      expect(await doctor.getByTestId('call-state').textContent()).toContain('reconnecting');
      await callState(doctor, 'connected').waitFor({ timeout: 20_000 });
      expect(routes.length).toBeGreaterThanOrEqual(2);
      expect(await doctor.evaluate(() => (window as unknown as CallWindow).oasisCall!.recoveries())).toBeGreaterThanOrEqual(1);
      await Promise.all([framesFlow(doctor, 20_000), framesFlow(specialist, 20_000)]);
    },
    TIMEOUT,
  );

  test(
    'the mediasoup worker of the room is killed: both sides decode video again within 10 s',
    async () => {
      const { doctor, specialist } = await startCall();
      await Promise.all([framesFlow(doctor), framesFlow(specialist)]);

      const room = suite.portal.media!.runtime.manager.rooms.get(`consult:${consultId}`)!;
      const pids = [...new Set(room.routerSlots.map((slot) => slot.worker.pid))];
      expect(pids.length).toBeGreaterThanOrEqual(1);
      const killedAt = Date.now();
      for (const pid of pids) process.kill(pid, 'SIGKILL');

      // Each side is told, rejoins with its resume ticket on a fresh router, and decodes new frames (30: more than any jitter buffer holds).
      await Promise.all(
        [doctor, specialist].map(async (page) => {
          await page.waitForFunction(() => (window as unknown as CallWindow).oasisCall!.recoveries() >= 1, undefined, { timeout: WORKER_RECOVERY_MS });
          await framesFlow(page, Math.max(1, WORKER_RECOVERY_MS - (Date.now() - killedAt)), 30);
        }),
      );
      expect(Date.now() - killedAt).toBeLessThan(WORKER_RECOVERY_MS);
      // The room now lives on a worker that did not die.
      const now = suite.portal.media!.runtime.manager.rooms.get(`consult:${consultId}`)!;
      expect(now.routerSlots.every((slot) => !pids.includes(slot.worker.pid))).toBe(true);
    },
    TIMEOUT,
  );
});

describe('live training session: a presenter, viewers, raised hands and questions', () => {
  let sessionId = '';
  const suite = usePortalPage({
    media: true,
    eachPage: false,
    timeout: TIMEOUT,
    // A published course with the demo trainee enrolled, and a live session of it starting now, presented by the trainer.
    async setUp({ api }) {
      const trainer = await api.signIn('trainer');
      const { courseId } = await buildCourse(api, trainer);
      const enrolled = await api.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: courseId, u: [await userId(api, 'trainee')] }, await api.signIn('admin'));
      expect(enrolled.errors).toBeUndefined();
      const scheduled = await api.gql<{ scheduleLiveSession: { id: string } }>(
        'mutation($i: LiveSessionInput!) { scheduleLiveSession(input: $i) { id } }',
        { i: { courseId, title: 'Live reading: BI-RADS 4', startsAt: new Date().toISOString(), durationMinutes: 60 } },
        trainer,
      );
      sessionId = scheduled.data!.scheduleLiveSession.id;
    },
  });

  async function openRoom(username: 'trainer' | 'trainee' | 'doctor'): Promise<Page> {
    const page = await suite.newPage();
    await signInAs(page, username);
    await page.getByTestId('lang-en').click();
    await waitForLanguage(page, 'en');
    await page.goto(`/training/live/${sessionId}`);
    return page;
  }

  test(
    'the trainer presents camera and screen; the trainee watches, raises a hand and asks; the trainer takes both; others are refused',
    async () => {
      const trainer = await openRoom('trainer');
      await callState(trainer, 'connected').waitFor({ timeout: 30_000 });
      expect(await trainer.getByTestId('live-role').getAttribute('data-role')).toBe('presenter');
      await trainer.getByTestId('local-video').waitFor();

      const trainee = await openRoom('trainee');
      await callState(trainee, 'connected').waitFor({ timeout: 30_000 });
      expect(await trainee.getByTestId('live-role').getAttribute('data-role')).toBe('viewer');
      // The room says what it is and who presents it.
      await trainee.getByTestId('live-session-title').filter({ hasText: 'Live reading: BI-RADS 4' }).waitFor();
      expect(await trainee.getByTestId('live-presenter-name').textContent()).toBe('Presented by Zhang Min (Trainer)');
      // Viewers send nothing: no camera of their own, no microphone or camera buttons.
      expect(await trainee.getByTestId('local-video').count()).toBe(0);
      expect(await trainee.getByTestId('call-mic').count()).toBe(0);
      await trainee.locator('[data-testid=remote-video][data-source=camera]').waitFor({ timeout: 20_000 });
      await framesFlow(trainee);
      await trainer.locator('[data-testid=live-viewer-count][data-count="1"]').waitFor();

      // The trainer shares the screen: the trainee receives it beside the camera.
      await trainer.getByTestId('call-screen').click();
      await trainer.getByTestId('local-screen').waitFor({ timeout: 15_000 });
      await trainee.locator('[data-testid=remote-video][data-source=screen]').waitFor({ timeout: 20_000 });

      // A raised hand reaches the trainer, who lowers it once the trainee has spoken.
      await trainee.getByTestId('live-hand').click();
      const hand = trainer.getByTestId('live-hand-row');
      await hand.waitFor();
      expect(await hand.textContent()).toContain('Gulnar Rozi');
      await trainee.locator('[data-testid=live-hand][aria-pressed=true]').waitFor();
      await hand.getByTestId('live-hand-lower').click();
      await trainee.locator('[data-testid=live-hand][aria-pressed=false]').waitFor();
      await hand.waitFor({ state: 'detached' });

      // A question joins the trainer's queue and leaves it once answered.
      await trainee.getByTestId('live-question-input').fill('Is a 4A lesion always biopsied?');
      await trainee.getByTestId('live-question-send').click();
      await trainee.getByTestId('live-question-sent').waitFor();
      const question = trainer.getByTestId('live-question-row');
      await question.waitFor();
      expect(await question.textContent()).toContain('Is a 4A lesion always biopsied?');
      expect(await question.textContent()).toContain('Gulnar Rozi');
      await trainer.screenshot({ path: join(SCREENSHOT_DIR, 'live-training-presenter.png'), fullPage: true });
      await question.getByTestId('live-question-answered').click();
      await question.waitFor({ state: 'detached' });

      // A doctor who is not enrolled is refused, with the reason.
      const doctor = await openRoom('doctor');
      const refused = doctor.locator('[data-testid=call-failure][data-code=NOT_PARTICIPANT]');
      await refused.waitFor({ timeout: 15_000 });
      expect(await refused.textContent()).toContain('You cannot join this call');
      expect(await trainer.getByTestId('live-viewer-count').getAttribute('data-count')).toBe('1');
    },
    TIMEOUT,
  );
});
