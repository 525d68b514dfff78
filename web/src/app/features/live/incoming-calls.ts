import { Component, computed, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import { type CallInvitation, CallsApi } from './calls.api';

/** A ring is shown this long at most: the caller has usually given up by then (and the consult page still offers to join). */
const RING_MS = 60_000;

/**
 * Rings anywhere in the app: someone on one of my consults started its video call. "Join" opens the consult
 * and joins at once; on that consult's own page the call panel shows the ring instead.
 */
@Component({
  selector: 'app-incoming-calls',
  imports: [RouterLink],
  template: `
    @for (call of shown(); track call.consultId) {
      <div class="banner banner--info ring" role="alert" data-testid="incoming-call" [attr.data-consult]="call.consultId">
        <p class="banner__text">{{ t('call.incoming', { name: call.fromName }) }}</p>
        <a class="button button--primary button--small" [routerLink]="['/consults', call.consultId]" [queryParams]="{ call: 'join' }" (click)="dismiss(call)" data-testid="incoming-call-join">
          {{ t('call.join') }}
        </a>
        <button type="button" class="button button--small" (click)="dismiss(call)">{{ t('common.dismiss') }}</button>
      </div>
    }
  `,
  styles: `
    .ring { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; margin-block: 0.75rem 0; margin-inline: 1.25rem; }
    .ring .banner__text { flex: 1; }
  `,
})
export class IncomingCalls {
  private readonly api = inject(CallsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly t = inject(I18n).t;
  private readonly calls = signal<CallInvitation[]>([]);
  /** Per ring: stops its timeout and its watch for the call's end. */
  private readonly stops = new Map<CallInvitation, () => void>();
  private readonly url = signal(this.router.url);
  protected readonly shown = computed(() => this.calls().filter((call) => !this.url().startsWith(`/consults/${call.consultId}`)));
  /** Only clinicians take part in consults. */
  private readonly clinician = computed(() => (this.auth.user()?.roles ?? []).some((r) => r.role === 'TOWNSHIP_DOCTOR' || r.role === 'SPECIALIST'));

  constructor() {
    const destroyRef = inject(DestroyRef);
    const navigation = this.router.events.subscribe(() => this.url.set(this.router.url));
    destroyRef.onDestroy(() => navigation.unsubscribe());
    let stop: (() => void) | null = null;
    effect(() => {
      const listen = this.clinician();
      untracked(() => {
        stop?.();
        stop = listen ? this.api.invitations({ next: (call) => this.ring(call), error: () => undefined }) : null;
      });
    });
    destroyRef.onDestroy(() => {
      stop?.();
      for (const end of this.stops.values()) end();
    });
  }

  protected dismiss(call: CallInvitation): void {
    this.stops.get(call)?.();
    this.stops.delete(call);
    this.calls.update((all) => all.filter((c) => c !== call));
  }

  /** Shown until answered, dismissed, over (the caller hung up) or RING_MS old. */
  private ring(call: CallInvitation): void {
    for (const earlier of this.calls().filter((c) => c.consultId === call.consultId)) this.dismiss(earlier);
    this.calls.update((all) => [...all, call]);
    const timeout = setTimeout(() => this.dismiss(call), RING_MS);
    const stopWatching = this.api.watchEnd(call.consultId, call.at, () => this.dismiss(call));
    this.stops.set(call, () => {
      clearTimeout(timeout);
      stopWatching();
    });
  }
}
