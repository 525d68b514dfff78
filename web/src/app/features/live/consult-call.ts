import { Component, computed, DestroyRef, effect, inject, input, resource, signal, untracked } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { AnatomicalRegion, StudyImage } from '../../core/models/study';
import { StudyImageCard } from '../studies/study-image-card';
import { CallClient } from './call-client';
import { CallControls } from './call-controls';
import { CallPointer } from './call-pointer';
import { CallStage } from './call-stage';
import { CallStatus } from './call-status';
import { type CallInvitation, CallsApi } from './calls.api';

/**
 * The video call of a consult, on its page: start it (the other side is rung) or answer the ring; see and
 * hear each other; share one of the study's images, with its AI overlay, and point on it.
 */
@Component({
  selector: 'app-consult-call',
  imports: [CallStage, CallControls, CallStatus, StudyImageCard, CallPointer],
  providers: [CallClient],
  template: `
    @let state = client.state();
    <section class="card call" data-testid="consult-call" [attr.data-state]="state" [attr.aria-label]="t('call.title')">
      <div class="call__head">
        <h2 class="card__title">{{ t('call.title') }}</h2>
        @if (!inCall() && state !== 'choosing') {
          <button type="button" class="button button--primary" (click)="join()" data-testid="call-start">
            {{ t(invitation() || ongoing() ? 'call.join' : 'call.start') }}
          </button>
        }
      </div>
      @if (!inCall() && state !== 'choosing') {
        @if (invitation(); as invite) {
          <p class="banner banner--info" role="alert" data-testid="call-incoming">{{ t('call.incoming', { name: invite.fromName }) }}</p>
        } @else if (ongoing()) {
          <p class="banner banner--info" data-testid="call-ongoing">{{ t('call.ongoing') }}</p>
        }
      }
      @if (state !== 'idle') {
        <app-call-status />
      }
      @if (inCall()) {
        <app-call-stage />
        <app-call-controls />
        <div class="call__share">
          <label>
            <span>{{ t('call.shareImage') }}</span>
            <select [value]="client.sharedImageId() ?? ''" (change)="share($any($event.target).value)" data-testid="call-share-select">
              <option value="">{{ t('call.noImageShared') }}</option>
              @for (image of images(); track image.id) {
                <option [value]="image.id">{{ image.fileName ?? t('study.unnamed') }}@if (image.frameIndex > 0) { · {{ image.frameIndex + 1 }} }</option>
              }
            </select>
          </label>
        </div>
        @if (sharedImage(); as image) {
          <div data-testid="call-shared-image" [attr.data-image]="image.id">
            <app-study-image-card [image]="image" [region]="region()">
              <app-call-pointer [canPoint]="canPoint()" />
            </app-study-image-card>
          </div>
        }
      }
    </section>
  `,
  styles: `
    .call { display: grid; gap: 0.75rem; }
    .call__head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; }
    .call__head .card__title { margin: 0; }
    .call__share label { display: flex; align-items: center; gap: 0.5rem; flex-wrap: wrap; }
  `,
})
export class ConsultCall {
  readonly consultId = input.required<string>();
  readonly images = input.required<readonly StudyImage[]>();
  readonly region = input.required<AnatomicalRegion>();
  /** The specialist points on the shared image; the doctor sees where. */
  readonly canPoint = input(false);
  /** Opened from an invitation link (…?call=join): join at once. */
  readonly autoJoin = input(false);

  protected readonly client = inject(CallClient);
  private readonly api = inject(CallsApi);
  protected readonly t = inject(I18n).t;

  protected readonly invitation = signal<CallInvitation | null>(null);
  protected readonly inCall = computed(() => ['connecting', 'connected', 'reconnecting'].includes(this.client.state()));
  /** Someone is in the call already (e.g. the ring came while this page was closed). */
  private readonly summary = resource({
    params: () => ({ id: this.consultId() }),
    loader: ({ params, abortSignal }) => this.api.consultCall(params.id, abortSignal),
  });
  protected readonly ongoing = computed(() => {
    const call = this.summary.hasValue() ? this.summary.value() : null;
    return !!call?.startedAt && !call.endedAt;
  });
  protected readonly sharedImage = computed(() => this.images().find((image) => image.id === this.client.sharedImageId()) ?? null);

  constructor() {
    let stopWatching: (() => void) | undefined;
    const stop = this.api.invitations({
      next: (invitation) => {
        if (invitation.consultId !== this.consultId()) return;
        this.invitation.set(invitation);
        // The ring ends with the call: a caller who hangs up before anyone answers takes it away.
        stopWatching?.();
        stopWatching = this.api.watchEnd(invitation.consultId, invitation.at, () => {
          if (this.invitation() === invitation) this.invitation.set(null);
          this.summary.reload();
        });
      },
      // Rings missed while the live connection was away: ask where the call stands.
      connected: () => this.summary.reload(),
      error: () => undefined,
    });
    inject(DestroyRef).onDestroy(() => {
      stop();
      stopWatching?.();
    });
    effect(() => {
      if (this.autoJoin()) untracked(() => void this.join());
    });
    effect(() => {
      const state = this.client.state();
      if (state === 'ended' || state === 'failed') untracked(() => this.summary.reload());
      // Answered (also after choosing how to join without a camera): the ring is over.
      if (state === 'connected') untracked(() => this.invitation.set(null));
    });
  }

  protected async join(): Promise<void> {
    const consultId = this.consultId();
    await this.client.start({ fetchJoin: () => this.api.consultJoin(consultId), send: true });
  }

  protected share(imageId: string): void {
    void this.client.shareImage(imageId || null).catch(() => undefined);
  }
}
