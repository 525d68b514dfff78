import { Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { CallClient } from './call-client';

/**
 * The call's pointer on the shared image: drawn where the other side points, and, for whoever points, sent
 * as they move over the picture (normalized 0..1, so both screens agree whatever their size). Lies in the
 * image viewer's box, which is always left-to-right like the picture.
 */
@Component({
  selector: 'app-call-pointer',
  template: `
    <div class="layer" [class.layer--active]="canPoint()" (pointermove)="move($event)" data-testid="call-pointer-layer">
      @if (remotePointer(); as p) {
        <span class="pointer" [style.left.%]="p.x * 100" [style.top.%]="p.y * 100" data-testid="call-pointer" [attr.title]="t('call.pointer')"></span>
      }
    </div>
  `,
  styles: `
    .layer { position: absolute; inset: 0; pointer-events: none; }
    .layer--active { pointer-events: auto; cursor: crosshair; }
    .pointer { position: absolute; inline-size: 1.1rem; block-size: 1.1rem; translate: -50% -50%; border-radius: 50%;
      background: rgb(56 189 248 / 70%); border: 2px solid #fff; box-shadow: 0 0 0 2px rgb(14 116 144 / 80%); transition: left 60ms linear, top 60ms linear; }
  `,
})
export class CallPointer {
  readonly canPoint = input(false);
  private readonly client = inject(CallClient);
  protected readonly t = inject(I18n).t;
  protected readonly remotePointer = computed(() => {
    const pointer = this.client.pointer();
    return pointer && pointer.peerId !== this.client.selfPeerId() ? pointer : null;
  });

  protected move(event: PointerEvent): void {
    if (!this.canPoint()) return;
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    this.client.movePointer(clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height));
  }
}
