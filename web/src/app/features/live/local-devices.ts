/** Why a camera or microphone cannot be used: the browser (or the person) refused it, none exists, or another program holds it. */
export type DeviceProblem = 'denied' | 'missing' | 'busy';

export interface LocalDevices {
  mic: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  /** Set for each device that could not be opened. */
  problems: { mic?: DeviceProblem; camera?: DeviceProblem };
}

const CAMERA: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };

/**
 * Opens camera and microphone together (one permission prompt); when that fails, each on its own, so that the
 * one that works is kept and the other's problem can be named.
 */
export async function openLocalDevices(): Promise<LocalDevices> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: CAMERA });
    return { mic: stream.getAudioTracks()[0] ?? null, camera: stream.getVideoTracks()[0] ?? null, problems: {} };
  } catch {
    // One after the other: two prompts at once confuse people, and some browsers refuse the second.
    const mic = await openOne({ audio: true });
    const camera = await openOne({ video: CAMERA });
    return {
      mic: 'track' in mic ? mic.track : null,
      camera: 'track' in camera ? camera.track : null,
      problems: { ...('problem' in mic ? { mic: mic.problem } : {}), ...('problem' in camera ? { camera: camera.problem } : {}) },
    };
  }
}

async function openOne(constraints: MediaStreamConstraints): Promise<{ track: MediaStreamTrack } | { problem: DeviceProblem }> {
  if (!navigator.mediaDevices?.getUserMedia) return { problem: 'missing' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    return { track: stream.getTracks()[0] };
  } catch (error) {
    return { problem: deviceProblemOf(error) };
  }
}

/** getUserMedia's error, as what the person is told. */
export function deviceProblemOf(error: unknown): DeviceProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'denied';
}
