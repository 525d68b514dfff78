import type { SignallingErrorCode } from '#contracts/protocol/signalling.js';

/** A refusal with a stable code: answered to the client as `{ kind: 'error', code, reason }` and logged. */
export class SignallingFailure extends Error {
  constructor(
    readonly code: SignallingErrorCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}
