import { generate } from 'otplib';

const STEP_SECONDS = 30;
const lastStepUsed = new Map<string, number>();

/**
 * A TOTP code for `secret` that this process has not handed out before, as an authenticator app would show
 * it: the current step's, else the next step's (the server accepts one step of drift), else it waits for the
 * clock. The server refuses a code of a step it already accepted, so tests must not reuse one by accident.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    const next = Math.max(step, (lastStepUsed.get(secret) ?? -1) + 1);
    if (next <= step + 1) {
      lastStepUsed.set(secret, next);
      return generate({ secret, epoch: next * STEP_SECONDS });
    }
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * STEP_SECONDS * 1000 - Date.now() + 50));
  }
}

/** The code a thief who saw the last one would replay. */
export const lastTotpCode = (secret: string): Promise<string> => generate({ secret, epoch: lastStepUsed.get(secret)! * STEP_SECONDS });
