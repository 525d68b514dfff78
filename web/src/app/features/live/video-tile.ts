import { Component, DestroyRef, effect, ElementRef, inject, input, viewChild } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { CallClient } from './call-client';

/**
 * One video: a camera or a screen, local or received. A received simulcast video tells the call client how
 * wide it is drawn, so the server sends the layer that fits (a thumbnail does not need 720p).
 */
@Component({
  selector: 'app-video-tile',
  template: `
    <figure class="tile" data-testid="video-tile" [attr.data-source]="source()" [attr.data-local]="local()" [attr.data-paused]="paused()">
      <video #video class="tile__video" [class.tile__video--mirror]="local() && source() === 'camera'" autoplay playsinline [muted]="true"></video>
      @if (paused()) {
        <div class="tile__off" data-testid="video-tile-off">{{ t(source() === 'screen' ? 'call.screenPaused' : 'call.cameraOff') }}</div>
      }
      <figcaption class="tile__name" dir="auto">{{ label() }}</figcaption>
    </figure>
  `,
  styles: `
    :host { display: block; min-inline-size: 0; }
    .tile { position: relative; margin: 0; aspect-ratio: 16 / 9; background: #111; border-radius: var(--radius); overflow: hidden; }
    .tile__video { inline-size: 100%; block-size: 100%; object-fit: contain; display: block; }
    .tile__video--mirror { transform: scaleX(-1); }
    .tile__off { position: absolute; inset: 0; display: grid; place-items: center; color: #e5e7eb; background: #1f2937; }
    .tile__name { position: absolute; inset-block-end: 0.4rem; inset-inline-start: 0.4rem; padding: 0.1rem 0.5rem; border-radius: var(--radius);
      color: #fff; background: rgb(0 0 0 / 55%); font-size: 0.85rem; }
  `,
})
export class VideoTile {
  readonly track = input.required<MediaStreamTrack | MediaStream>();
  readonly label = input('');
  readonly source = input<'camera' | 'screen'>('camera');
  readonly local = input(false);
  readonly paused = input(false);
  /** Set for received video: its rendered width picks the simulcast layer. */
  readonly consumerId = input<string | null>(null);

  protected readonly t = inject(I18n).t;
  private readonly client = inject(CallClient);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

  constructor() {
    effect(() => {
      const media = this.track();
      const element = this.video().nativeElement;
      element.srcObject = media instanceof MediaStream ? media : new MediaStream([media]);
    });
    const observer = new ResizeObserver(([entry]) => {
      const id = this.consumerId();
      if (id) this.client.setViewWidth(id, entry.contentRect.width);
    });
    effect(() => observer.observe(this.video().nativeElement));
    inject(DestroyRef).onDestroy(() => {
      observer.disconnect();
      const id = this.consumerId();
      if (id) this.client.forgetView(id);
    });
  }
}
