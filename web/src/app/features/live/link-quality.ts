/** How the incoming link looks over the last stats interval. */
export type LinkQuality = 'good' | 'fair' | 'poor';

export interface LinkSample {
  packetsReceived: number;
  packetsLost: number;
  /** bit/s, when the browser estimates it (candidate pair availableIncomingBitrate). */
  availableIncomingBitrate?: number;
}

/**
 * Judges one interval from the difference of two cumulative samples. Loss is what a township link shows
 * first; the bandwidth estimate, where the browser gives one, catches a thin link before it loses packets.
 */
export function judgeLink(previous: LinkSample, current: LinkSample): LinkQuality {
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  const loss = received + lost > 0 ? lost / (received + lost) : 0;
  const bitrate = current.availableIncomingBitrate;
  if (loss > 0.1 || (bitrate !== undefined && bitrate < 120_000)) return 'poor';
  if (loss > 0.03 || (bitrate !== undefined && bitrate < 400_000)) return 'fair';
  return 'good';
}

/** Highest simulcast layer worth asking for on such a link: fair drops the top layer, poor keeps the lowest. */
export function layerCapFor(quality: LinkQuality): 0 | 1 | 2 {
  return quality === 'good' ? 2 : quality === 'fair' ? 1 : 0;
}

/** Poor intervals in a row before video is dropped, good ones before it comes back. */
export const POOR_TO_AUDIO_ONLY = 2;
export const GOOD_TO_VIDEO = 5;

/** How many intervals in a row were poor, and how many good (a fair one ends both runs). */
export interface LinkRuns {
  poor: number;
  good: number;
}

export const nextRuns = (runs: LinkRuns, quality: LinkQuality): LinkRuns => ({
  poor: quality === 'poor' ? runs.poor + 1 : 0,
  good: quality === 'good' ? runs.good + 1 : 0,
});

/** Whether video stays dropped for the link: quick to drop, slow to come back, so a flapping link does not flap the picture. */
export function autoAudioOnly(audioOnly: boolean, runs: LinkRuns): boolean {
  if (!audioOnly && runs.poor >= POOR_TO_AUDIO_ONLY) return true;
  if (audioOnly && runs.good >= GOOD_TO_VIDEO) return false;
  return audioOnly;
}

/** Reads the cumulative sample from a receive transport's stats. */
export function linkSampleOf(stats: RTCStatsReport): LinkSample {
  const sample: LinkSample = { packetsReceived: 0, packetsLost: 0 };
  stats.forEach((entry: Record<string, unknown>) => {
    if (entry['type'] === 'inbound-rtp') {
      sample.packetsReceived += Number(entry['packetsReceived'] ?? 0);
      sample.packetsLost += Number(entry['packetsLost'] ?? 0);
    } else if (entry['type'] === 'candidate-pair' && entry['nominated'] && typeof entry['availableIncomingBitrate'] === 'number') {
      sample.availableIncomingBitrate = entry['availableIncomingBitrate'];
    }
  });
  return sample;
}
