/**
 * The API starts and stops a training room's recording on the media service (a trainer asked; the API's
 * policy decided). Requests are signed like the media events (signMediaEvents over the exact body).
 * Stop answers with the recording itself (video/webm) and its metadata in RECORDING_HEADER.
 */
export const MEDIA_RECORDINGS_PATH = '/internal/recordings';
export const RECORDING_HEADER = 'x-oasis-recording';

export interface RecordingRequestBody {
  /** `training:<id>`. */
  room: string;
}

/** JSON in RECORDING_HEADER of the stop answer. */
export interface RecordingInfo {
  startedAt: string;
  stoppedAt: string;
  /** Stretches missing because FFmpeg died and was restarted (wall-clock ISO 8601). */
  gaps: Array<{ from: string; to: string; reason: string }>;
}
