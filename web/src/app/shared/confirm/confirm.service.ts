import { Injectable, signal } from '@angular/core';

export interface ConfirmRequest {
  title: string;
  body?: string;
  confirmLabel: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve: (confirmed: boolean) => void;
}

/** Asks the person to confirm an action; the answer is a promise. Rendered by <app-confirm-host>. */
@Injectable({ providedIn: 'root' })
export class Confirm {
  readonly pending = signal<Pending | null>(null);

  ask(request: ConfirmRequest): Promise<boolean> {
    this.settle(false);
    return new Promise((resolve) => this.pending.set({ ...request, resolve }));
  }

  settle(confirmed: boolean): void {
    const pending = this.pending();
    this.pending.set(null);
    pending?.resolve(confirmed);
  }
}
