import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import { AuthService } from './auth.service';

/** Clinical workstation rule: sign out after 15 minutes without keyboard, mouse or touch activity. */
export const IDLE_TIMEOUT_MS = new InjectionToken<number>('IDLE_TIMEOUT_MS', { factory: () => 15 * 60_000 });
const WARNING_MS = 60_000;
const TICK_MS = 1_000;
/** Activity is shared with other tabs of the app, so working in one tab keeps the others signed in. */
const SHARED_KEY = 'oasis.lastActivity';
const SHARE_EVERY_MS = 5_000;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
/** Activity is reported to the server this often at most, well inside its shortest idle timeout (15 min). */
const KEEP_ALIVE_EVERY_MS = 4 * 60_000;

@Injectable({ providedIn: 'root' })
export class IdleLogout {
  private readonly auth = inject(AuthService);
  private readonly timeoutMs = inject(IDLE_TIMEOUT_MS);

  /** Seconds until the automatic sign-out while the warning shows; null otherwise. */
  readonly secondsLeft = signal<number | null>(null);

  private lastActivity = Date.now();
  private lastShared = 0;
  private lastKeptAlive = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly onActivity = () => this.touch();

  /** Starts watching; returns the function that stops. */
  watch(): () => void {
    this.touch();
    for (const type of ACTIVITY_EVENTS) document.addEventListener(type, this.onActivity, { passive: true, capture: true });
    this.ticker = setInterval(() => this.check(), TICK_MS);
    return () => {
      for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, this.onActivity, { capture: true });
      clearInterval(this.ticker);
      this.secondsLeft.set(null);
    };
  }

  /** Counts as activity (the "stay signed in" button). */
  touch(): void {
    const now = Date.now();
    this.lastActivity = now;
    if (this.secondsLeft() !== null) this.secondsLeft.set(null);
    if (now - this.lastKeptAlive >= KEEP_ALIVE_EVERY_MS) {
      this.lastKeptAlive = now;
      void this.auth.keepAlive();
    }
    if (now - this.lastShared >= SHARE_EVERY_MS) {
      this.lastShared = now;
      try {
        localStorage.setItem(SHARED_KEY, String(now));
      } catch {
        /* this tab decides alone */
      }
    }
  }

  private check(): void {
    const idleFor = Date.now() - Math.max(this.lastActivity, this.sharedActivity());
    const left = this.timeoutMs - idleFor;
    if (left <= 0) {
      clearInterval(this.ticker);
      this.secondsLeft.set(null);
      void this.auth.signOut('idle');
    } else if (left <= WARNING_MS) {
      this.secondsLeft.set(Math.ceil(left / 1000));
    } else if (this.secondsLeft() !== null) {
      this.secondsLeft.set(null);
    }
  }

  private sharedActivity(): number {
    try {
      return Number(localStorage.getItem(SHARED_KEY)) || 0;
    } catch {
      return 0;
    }
  }
}
