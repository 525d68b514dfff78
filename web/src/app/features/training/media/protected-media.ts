import { Component, computed, effect, inject, input, output, resource } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { RestClient } from '../../studies/rest-client';

/** Addresses on this server need the bearer token, so they are fetched and shown as object URLs; others are used as given. */
const isOwnPath = (url: string): boolean => url.startsWith('/') && !url.startsWith('//');

/**
 * A lesson or question picture (or video) that may live behind sign-in. Emits the image element once it
 * is loaded, so markers and boxes can map between displayed and natural pixels.
 */
@Component({
  selector: 'app-protected-media',
  template: `
    @if (source.error()) {
      <p class="muted" role="status" data-testid="media-unavailable">{{ t('training.media.unavailable') }}</p>
    } @else if (url(); as src) {
      @if (kind() === 'video') {
        <video class="media" [src]="src" controls preload="metadata" data-testid="media-video"></video>
      } @else {
        <img class="media" [class.media--stretch]="stretch()" [src]="src" [alt]="alt()" draggable="false" (load)="loaded.emit($any($event.target))" data-testid="media-image" />
      }
    } @else {
      <p class="muted" role="status"><span class="spinner" aria-hidden="true"></span>{{ t('common.loading') }}</p>
    }
  `,
  styles: `
    :host { display: block; }
    .media { display: block; max-inline-size: 100%; block-size: auto; border-radius: var(--radius); background: #111; user-select: none; }
    .media--stretch { inline-size: 100%; }
  `,
})
export class ProtectedMedia {
  readonly src = input.required<string>();
  readonly kind = input<'image' | 'video'>('image');
  readonly alt = input('');
  /** Fill the container's width (small teaching images are enlarged for marking). */
  readonly stretch = input(false);
  readonly loaded = output<HTMLImageElement>();

  private readonly rest = inject(RestClient);
  protected readonly t = inject(I18n).t;

  protected readonly source = resource({
    params: () => this.src(),
    loader: async ({ params, abortSignal }) => {
      if (!isOwnPath(params)) return params;
      const response = await this.rest.send(params, { method: 'GET' }, abortSignal);
      return URL.createObjectURL(await response.blob());
    },
  });
  protected readonly url = computed(() => (this.source.hasValue() ? this.source.value() : null));

  constructor() {
    // Object URLs hold the bytes until revoked.
    effect((onCleanup) => {
      const url = this.url();
      if (url?.startsWith('blob:')) onCleanup(() => URL.revokeObjectURL(url));
    });
  }
}
