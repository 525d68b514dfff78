import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { audioStats, callState, framesFlow, soundHeard, videoStats } from './support/call-media.js';
import { claimedConsult, openConsultPage } from './support/consult-call.js';
import { launchChromium, SCREENSHOT_DIR } from './support/portal.js';
import { documentLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 180_000;

/**
 * The township doctor joins a consult call from a browser that may not use the camera, or from a computer
 * with no camera or microphone at all: the page says which device is the problem and why, and offers to join
 * with what works; the doctor then sees and hears the specialist (Chromium's fake camera and microphone).
 */
describe('consult video call without a camera or microphone', () => {
  let consultId = '';
  let deniedBrowser: Browser;
  let bareBrowser: Browser;
  const suite = usePortalPage({
    media: true,
    eachPage: false,
    timeout: TIMEOUT,
    async setUp({ api }) {
      consultId = await claimedConsult(api, 'Patigül Rozi');
      // Fake devices but no automatic permission (headless Chromium refuses what is not granted); and no devices at all.
      deniedBrowser = await launchChromium({ args: ['--use-fake-device-for-media-stream'] });
      bareBrowser = await launchChromium();
    },
  });
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  });
  afterAll(async () => {
    await deniedBrowser?.close();
    await bareBrowser?.close();
  });

  async function doctorIn(browser: Browser, permissions: string[], lang: 'en' | 'ug'): Promise<Page> {
    const context = await browser.newContext({ baseURL: suite.portal.url, locale: 'en-US', viewport: { width: 390, height: 844 } });
    contexts.push(context);
    if (permissions.length > 0) await context.grantPermissions(permissions);
    return openConsultPage(await context.newPage(), 'doctor', consultId, lang);
  }

  /** The specialist, with camera and microphone, is in the call first. */
  async function specialistInCall(): Promise<Page> {
    const specialist = await openConsultPage(await suite.newPage(), 'specialist', consultId);
    await specialist.getByTestId('call-start').click();
    await callState(specialist, 'connected').waitFor({ timeout: 30_000 });
    return specialist;
  }

  test(
    'camera refused, microphone allowed: the page names the camera, and the doctor joins with the microphone, sees and hears the specialist, and is heard',
    async () => {
      const specialist = await specialistInCall();
      const doctor = await doctorIn(deniedBrowser, ['microphone'], 'en');
      await doctor.getByTestId('call-start').click();

      const prompt = doctor.getByTestId('call-devices');
      await prompt.waitFor({ timeout: 30_000 });
      expect(await doctor.getByTestId('call-device-camera').getAttribute('data-problem')).toBe('denied');
      expect(await doctor.getByTestId('call-device-mic').count()).toBe(0);
      expect(await prompt.textContent()).toContain('Camera: the browser is not allowed to use it.');
      expect(await prompt.textContent()).toContain('allow the camera and microphone, then choose Try again');
      // Trying again changes nothing while the camera stays refused; the call has not started.
      await doctor.getByTestId('call-devices-retry').click();
      await prompt.waitFor();
      expect(await doctor.getByTestId('call-join-camera').count()).toBe(0);
      expect(await doctor.locator('[data-testid=call-state]').getAttribute('data-state')).toBe('choosing');

      await doctor.getByTestId('call-join-mic').click();
      await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
      expect(await doctor.getByTestId('call-notice').getAttribute('data-code')).toBe('SENDING_AUDIO_ONLY');
      expect(await doctor.getByTestId('call-notice').textContent()).toContain('the others hear you but cannot see you');
      // The controls offer what the doctor sends: the microphone, no camera.
      await doctor.getByTestId('call-mic').waitFor();
      expect(await doctor.getByTestId('call-camera').count()).toBe(0);

      await Promise.all([framesFlow(doctor), soundHeard(doctor), soundHeard(specialist)]);
      expect((await videoStats(specialist)).filter((row) => row.source === 'camera')).toEqual([]);
      expect((await audioStats(specialist)).length).toBe(1);
    },
    TIMEOUT,
  );

  test(
    'no camera and no microphone on the computer, in Uyghur (right to left): the page says so, and the doctor joins to watch and listen',
    async () => {
      const specialist = await specialistInCall();
      const doctor = await doctorIn(bareBrowser, ['camera', 'microphone'], 'ug');
      expect(await documentLanguage(doctor)).toEqual({ lang: 'ug', dir: 'rtl' });
      await doctor.getByTestId('call-start').click();

      const prompt = doctor.getByTestId('call-devices');
      await prompt.waitFor({ timeout: 30_000 });
      expect(await doctor.getByTestId('call-device-camera').getAttribute('data-problem')).toBe('missing');
      expect(await doctor.getByTestId('call-device-mic').getAttribute('data-problem')).toBe('missing');
      expect(await prompt.textContent()).toContain('كامېرا ياكى مىكروفونىڭىزنى ئىشلەتكىلى بولمىدى');
      expect(await doctor.getByTestId('call-join-mic').count()).toBe(0);
      await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'video-call-no-devices-ug.png'), fullPage: true });

      await doctor.getByTestId('call-join-watch').click();
      await callState(doctor, 'connected').waitFor({ timeout: 30_000 });
      expect(await doctor.getByTestId('call-notice').getAttribute('data-code')).toBe('RECEIVE_ONLY');
      expect(await doctor.getByTestId('call-notice').textContent()).toContain('باشقىلار سىزنى كۆرەلمەيدۇ');
      await Promise.all([framesFlow(doctor), soundHeard(doctor)]);
      // Nothing comes from the doctor: the specialist receives no video and no audio.
      expect(await videoStats(specialist)).toEqual([]);
      expect(await audioStats(specialist)).toEqual([]);
    },
    TIMEOUT,
  );
});
