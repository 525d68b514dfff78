/**
 * Settings of the media service. This is the skeleton the live-video work builds on: today it only
 * answers health checks; rooms, workers and signalling arrive with the mediasoup issue.
 */
export interface MediaConfig {
  host: string;
  port: number;
}

export function loadMediaConfig(env: Record<string, string | undefined> = process.env): MediaConfig {
  const port = Number(env.MEDIA_PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid configuration:\n  - MEDIA_PORT="${env.MEDIA_PORT}" must be a whole number from 0 to 65535`);
  }
  return { host: env.MEDIA_HOST ?? '127.0.0.1', port };
}
