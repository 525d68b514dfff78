import { signMediaEvents } from '#contracts/protocol/media-events.js';
import { MAX_SESSIONS_PER_CHECK, MEDIA_SESSIONS_PATH, type MediaSessionsAnswer, type MediaSessionsBody } from '#contracts/protocol/media-sessions.js';

const TIMEOUT_MS = 5000;

/** Asks the API which API sessions have ended. Throws when the API cannot answer: callers fail closed. */
export class SessionCheck {
  private readonly url: string;

  constructor(
    apiUrl: string,
    private readonly secret: string,
  ) {
    this.url = `${apiUrl}${MEDIA_SESSIONS_PATH}`;
  }

  async ended(sessions: MediaSessionsBody['sessions']): Promise<Set<string>> {
    const ended = new Set<string>();
    for (let i = 0; i < sessions.length; i += MAX_SESSIONS_PER_CHECK) {
      const body = JSON.stringify({ sessions: sessions.slice(i, i + MAX_SESSIONS_PER_CHECK) } satisfies MediaSessionsBody);
      const response = await fetch(this.url, { method: 'POST', headers: signMediaEvents(this.secret, body), body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) throw new Error(`session check answered ${response.status}`);
      for (const id of ((await response.json()) as MediaSessionsAnswer).ended) ended.add(id);
    }
    return ended;
  }
}
