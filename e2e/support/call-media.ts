import type { Page } from 'playwright-core';

/** What the journeys read from the call on screen (`window.oasisCall`, web/src/app/features/live/call-diagnostics.ts). */
export interface VideoRow {
  consumerId: string;
  peerId: string;
  source: string;
  framesDecoded: number;
}
export interface AudioRow {
  consumerId: string;
  peerId: string;
  totalAudioEnergy: number;
}
export interface MediaPath {
  direction: 'send' | 'recv';
  candidateType: string;
  relayProtocol: string | null;
}
export type CallWindow = {
  oasisCall?: {
    state(): string;
    recoveries(): number;
    videoStats(): Promise<VideoRow[]>;
    audioStats(): Promise<AudioRow[]>;
    mediaPaths(): Promise<MediaPath[]>;
  };
};

/** Frames decoded so far per received video, from the call client's RTCPeerConnection stats. */
export const videoStats = (page: Page) => page.evaluate(() => (window as unknown as CallWindow).oasisCall?.videoStats() ?? Promise.resolve([]));

export const audioStats = (page: Page) => page.evaluate(() => (window as unknown as CallWindow).oasisCall?.audioStats() ?? Promise.resolve([]));

/** Waits until received audio carries sound (the fake microphone's beep): its decoded energy rises above zero. */
export const soundHeard = (page: Page, timeout = 30_000) =>
  page.waitForFunction(
    async () => ((await (window as unknown as CallWindow).oasisCall?.audioStats()) ?? []).some((row) => row.totalAudioEnergy > 0),
    undefined,
    { timeout, polling: 250 },
  );

/** The local end of each transport's selected ICE candidate pair. */
export const mediaPaths = (page: Page) => page.evaluate(() => (window as unknown as CallWindow).oasisCall?.mediaPaths() ?? Promise.resolve([]));

/** Waits until a received camera video decodes at least `frames` new frames (consumers created later count from zero). */
export async function framesFlow(page: Page, timeout = 30_000, frames = 10): Promise<void> {
  const before = Object.fromEntries((await videoStats(page)).map((row) => [row.consumerId, row.framesDecoded]));
  await page.waitForFunction(
    async ({ before, frames }) => {
      const rows = (await (window as unknown as CallWindow).oasisCall?.videoStats()) ?? [];
      return rows.some((row) => row.source === 'camera' && row.framesDecoded >= (before[row.consumerId] ?? 0) + frames);
    },
    { before, frames },
    { timeout, polling: 250 },
  );
}

export const callState = (page: Page, state: string) => page.locator(`[data-testid=call-state][data-state=${state}]`);
