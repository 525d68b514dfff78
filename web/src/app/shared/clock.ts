import { Injectable, signal } from '@angular/core';

const TICK_MS = 30_000;

/** The current time as a signal, ticking twice a minute: waiting times on screen move on by themselves. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly current = signal(Date.now());
  readonly now = this.current.asReadonly();

  constructor() {
    setInterval(() => this.current.set(Date.now()), TICK_MS);
  }
}
