import 'reflect-metadata';
import { loadMediaConfig } from '../../media/src/media-config.js';
import { createMediaApp } from '../../media/src/create-media-app.js';
import { MediaRuntime } from '../../media/src/media-runtime.js';
import { SIGNALLING_PATH } from '#contracts/protocol/signalling.js';

/** Shared by the API (signs join tokens) and the media service (verifies them, signs attendance reports). */
export const E2E_MEDIA_SECRET = 'oasis-e2e-media-secret-0123456789abcdefgh';

export interface MediaService {
  runtime: MediaRuntime;
  signallingUrl: string;
  close(): Promise<void>;
}

/** The API settings that point browsers at the media service on `host`:`port`. */
export const apiEnvForMedia = (port: number, host = '127.0.0.1'): Record<string, string> => ({
  OASIS_MEDIA_SECRET: E2E_MEDIA_SECRET,
  OASIS_MEDIA_URL: `http://${host}:${port}`,
  OASIS_MEDIA_SIGNALLING_URL: `ws://${host}:${port}${SIGNALLING_PATH}`,
});

/**
 * The media service in this process, as media/src/main.ts starts it, with real mediasoup workers (two, so
 * that a room survives the death of its worker on the other) reporting attendance to the API at `apiUrl`.
 * Signalling listens on `host`; media transports stay on 127.0.0.1.
 */
export async function startMediaService(port: number, apiUrl: string, host = '127.0.0.1'): Promise<MediaService> {
  const config = loadMediaConfig({
    ...process.env,
    OASIS_MEDIA_SECRET: E2E_MEDIA_SECRET,
    OASIS_API_URL: apiUrl,
    MEDIA_HOST: host,
    MEDIA_PORT: String(port),
    MEDIA_WORKERS: '2',
    MEDIA_WORKER_LOG_LEVEL: 'none',
  });
  const app = await createMediaApp(config, ['error']);
  await app.listen(port, host);
  return {
    runtime: app.get(MediaRuntime),
    signallingUrl: `ws://${host}:${port}${SIGNALLING_PATH}`,
    close: () => app.close(),
  };
}
