import { Component, inject, input, type OnDestroy, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { RestClient } from '../../studies/rest-client';
import type { SessionRecording } from '../training.models';

/**
 * A recorded live session as a lesson. The video needs the bearer token, which a <video> element cannot
 * send, so it is fetched (each fetch an audited view) and played from memory, where seeking is free.
 */
@Component({
  selector: 'app-recording-player',
  imports: [ErrorBanner],
  template: `
    <div class="player" data-testid="session-recording" [attr.data-id]="recording().id">
      @if (src(); as url) {
        <video controls preload="metadata" [src]="url" data-testid="session-recording-video"></video>
      } @else {
        <button type="button" class="button button--small" [disabled]="load.busy()" (click)="watch()" data-testid="session-recording-watch">
          {{ t('training.live.watchRecording', { n: minutes() }) }}
        </button>
      }
      @if (recording().gapCount > 0) {
        <p class="muted" data-testid="session-recording-gaps">{{ t('training.live.recordingGaps', { n: recording().gapCount }) }}</p>
      }
      @if (load.error()) {
        <app-error-banner [error]="load.error()" />
      }
    </div>
  `,
  styles: `
    .player { inline-size: 100%; display: grid; gap: 0.4rem; justify-items: start; }
    video { inline-size: 100%; max-inline-size: 40rem; background: #000; }
  `,
})
export class RecordingPlayer implements OnDestroy {
  readonly recording = input.required<SessionRecording>();
  protected readonly t = inject(I18n).t;
  private readonly rest = inject(RestClient);
  protected readonly load = new PendingAction();
  protected readonly src = signal<string | null>(null);
  protected readonly minutes = () => Math.max(1, Math.round(this.recording().durationSeconds / 60));

  protected watch(): Promise<unknown> {
    return this.load.run(async () => {
      const response = await this.rest.send(this.recording().videoUrl, { method: 'GET' });
      this.src.set(URL.createObjectURL(await response.blob()));
    });
  }

  ngOnDestroy() {
    const url = this.src();
    if (url) URL.revokeObjectURL(url);
  }
}
