import type { CallClient } from './call-client';

/** What support staff (in the console) and the browser journeys can read about the call on screen. */
export interface CallDiagnostics {
  state(): string;
  recoveries(): number;
  videoStats: CallClient['videoStats'];
  audioStats: CallClient['audioStats'];
  mediaPaths: CallClient['mediaPaths'];
}

declare global {
  var oasisCall: CallDiagnostics | undefined;
}

/** Publishes the call as `window.oasisCall`; returns the function that withdraws it. */
export function exposeForDiagnostics(client: CallClient): () => void {
  const diagnostics: CallDiagnostics = {
    state: () => client.state(),
    recoveries: () => client.recoveries(),
    videoStats: () => client.videoStats(),
    audioStats: () => client.audioStats(),
    mediaPaths: () => client.mediaPaths(),
  };
  globalThis.oasisCall = diagnostics;
  return () => {
    if (globalThis.oasisCall === diagnostics) globalThis.oasisCall = undefined;
  };
}
