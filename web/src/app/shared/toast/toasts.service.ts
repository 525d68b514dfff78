import { Injectable, signal } from '@angular/core';
import type { Text } from '../../core/i18n/i18n.service';

export interface Toast {
  id: number;
  text: Text;
}

const VISIBLE_MS = 4_000;

/** Short confirmations ("Saved.") announced politely to screen readers, then gone. */
@Injectable({ providedIn: 'root' })
export class Toasts {
  readonly current = signal<readonly Toast[]>([]);
  private nextId = 0;

  show(text: Text): void {
    const toast = { id: ++this.nextId, text };
    this.current.update((list) => [...list, toast]);
    setTimeout(() => this.dismiss(toast.id), VISIBLE_MS);
  }

  dismiss(id: number): void {
    this.current.update((list) => list.filter((t) => t.id !== id));
  }
}
