/**
 * The media service asks the API which of its peers' sessions have ended, before admitting a join or a
 * rejoin and periodically for everyone connected. The request is signed like the media events
 * (signMediaEvents over the exact body), so only the holder of the media secret may ask.
 */
export const MEDIA_SESSIONS_PATH = '/internal/media-sessions';
/** Most sessions in one question (the API refuses more). */
export const MAX_SESSIONS_PER_CHECK = 1000;

export interface MediaSessionsBody {
  sessions: Array<{ sessionId: string; userId: string }>;
}

export interface MediaSessionsAnswer {
  /** Session ids of the question that are no longer open. */
  ended: string[];
}
