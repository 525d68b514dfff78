import { Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { CallClient } from './call-client';
import { RemoteAudio } from './remote-audio';
import { VideoTile } from './video-tile';

/** The received videos in a grid (screens first, they carry the detail), this browser's own camera and screen small below, and the received audio. */
@Component({
  selector: 'app-call-stage',
  imports: [VideoTile, RemoteAudio],
  template: `
    <div class="stage" data-testid="call-stage" [attr.data-remote-videos]="videos().length">
      @for (media of videos(); track media.consumerId) {
        <app-video-tile
          data-testid="remote-video"
          [attr.data-peer]="media.peerId"
          [attr.data-source]="media.source"
          [track]="media.track"
          [source]="media.source === 'screen' ? 'screen' : 'camera'"
          [paused]="media.paused || client.audioOnly()"
          [consumerId]="media.consumerId"
          [label]="nameOf(media.peerId)"
        />
      }
    </div>
    @if (showLocal()) {
      <div class="self">
        @if (client.localScreen(); as screen) {
          <app-video-tile data-testid="local-screen" [track]="screen" source="screen" [local]="true" [label]="t('call.yourScreen')" />
        }
        @if (client.localCamera(); as camera) {
          <app-video-tile data-testid="local-video" [track]="camera" [local]="true" [paused]="!client.cameraOn() || client.audioOnly()" [label]="t('call.you')" />
        }
      </div>
    }
    @for (media of audios(); track media.consumerId) {
      <app-remote-audio [track]="media.track" />
    }
  `,
  styles: `
    .stage { display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); }
    /* One's own picture stays small: the others are what the window is for (and their layer follows their size). */
    .self { display: flex; gap: 0.5rem; margin-block-start: 0.5rem; }
    .self app-video-tile { inline-size: min(12rem, 45%); }
  `,
})
export class CallStage {
  /** Whether to show this browser's own camera and screen (training viewers send none). */
  readonly showLocal = input(true);
  protected readonly client = inject(CallClient);
  protected readonly t = inject(I18n).t;

  protected readonly videos = computed(() =>
    this.client
      .remote()
      .filter((media) => media.kind === 'video')
      .sort((a, b) => Number(b.source === 'screen') - Number(a.source === 'screen')),
  );
  protected readonly audios = computed(() => this.client.remote().filter((media) => media.kind === 'audio'));
  private readonly names = computed(() => new Map(this.client.peers().map((peer) => [peer.peerId, peer.name])));

  protected nameOf(peerId: string): string {
    return this.names().get(peerId) ?? '';
  }
}
