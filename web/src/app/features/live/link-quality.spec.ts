import { autoAudioOnly, GOOD_TO_VIDEO, judgeLink, layerCapFor, type LinkQuality, type LinkRuns, linkSampleOf, nextRuns, POOR_TO_AUDIO_ONLY } from './link-quality';

const sample = (packetsReceived: number, packetsLost: number, availableIncomingBitrate?: number) => ({ packetsReceived, packetsLost, availableIncomingBitrate });

describe('judgeLink', () => {
  const start = sample(1000, 10);

  it('calls a clean, wide link good', () => {
    expect(judgeLink(start, sample(2000, 10, 2_000_000))).toBe('good');
  });

  it('judges loss over the interval only, not since the call began', () => {
    // 10 lost of 1010 before; 3 of 1003 in this interval (0.3 %).
    expect(judgeLink(start, sample(2000, 13))).toBe('good');
    // 5 % lost in the interval.
    expect(judgeLink(start, sample(1950, 60))).toBe('fair');
    // 20 % lost.
    expect(judgeLink(start, sample(1800, 210))).toBe('poor');
  });

  it('catches a thin link by its bandwidth estimate before it loses packets', () => {
    expect(judgeLink(start, sample(2000, 10, 300_000))).toBe('fair');
    expect(judgeLink(start, sample(2000, 10, 100_000))).toBe('poor');
  });

  it('is good when nothing arrived and nothing was lost, and ignores a counter that went back', () => {
    expect(judgeLink(start, start)).toBe('good');
    expect(judgeLink(start, sample(1100, 0))).toBe('good');
  });
});

describe('layerCapFor', () => {
  it('drops the top simulcast layer on a fair link and keeps only the lowest on a poor one', () => {
    expect((['good', 'fair', 'poor'] as LinkQuality[]).map(layerCapFor)).toEqual([2, 1, 0]);
  });
});

describe('linkSampleOf', () => {
  it('adds up the inbound streams and takes the nominated candidate pair’s estimate', () => {
    const stats = new Map<string, Record<string, unknown>>([
      ['audio', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 500, packetsLost: 2 }],
      ['video', { type: 'inbound-rtp', kind: 'video', packetsReceived: 1500, packetsLost: 8 }],
      ['spare-pair', { type: 'candidate-pair', nominated: false, availableIncomingBitrate: 50_000 }],
      ['pair', { type: 'candidate-pair', nominated: true, availableIncomingBitrate: 900_000 }],
      ['outbound', { type: 'outbound-rtp', packetsSent: 99 }],
    ]);
    expect(linkSampleOf(stats as unknown as RTCStatsReport)).toEqual({ packetsReceived: 2000, packetsLost: 10, availableIncomingBitrate: 900_000 });
  });

  it('has no estimate when the browser gives none', () => {
    const stats = new Map([['video', { type: 'inbound-rtp', packetsReceived: 7 }]]);
    expect(linkSampleOf(stats as unknown as RTCStatsReport)).toEqual({ packetsReceived: 7, packetsLost: 0 });
  });
});

describe('automatic audio only', () => {
  /** Feeds intervals through the runs and the switch, as CallClient does on each stats sample. */
  function replay(qualities: LinkQuality[], audioOnly = false): boolean[] {
    let runs: LinkRuns = { poor: 0, good: 0 };
    return qualities.map((quality) => {
      runs = nextRuns(runs, quality);
      audioOnly = autoAudioOnly(audioOnly, runs);
      return audioOnly;
    });
  }

  it('drops video after poor intervals in a row, not after one', () => {
    expect(POOR_TO_AUDIO_ONLY).toBe(2);
    expect(replay(['poor', 'fair', 'poor', 'poor'])).toEqual([false, false, false, true]);
  });

  it('brings video back only after a run of good intervals, a fair one starting the count again', () => {
    const good = Array<LinkQuality>(GOOD_TO_VIDEO - 1).fill('good');
    const states = replay([...good, 'fair', ...good, 'good'], true);
    expect(states.slice(0, -1).every(Boolean)).toBe(true);
    expect(states.at(-1)).toBe(false);
  });
});
