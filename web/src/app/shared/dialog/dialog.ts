import { afterNextRender, Component, DestroyRef, ElementRef, inject, input, output, viewChild } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';

let nextId = 0;

/**
 * A modal dialog on the native <dialog> element: focus moves into it (to [autofocus] or the first
 * field), the rest of the page is inert, Escape closes it, and focus returns where it was.
 * Render it with @if while it should be open; it emits `closed` when the person closes it.
 */
@Component({
  selector: 'app-dialog',
  template: `
    <dialog #dialog class="dialog" [class.dialog--wide]="wide()" [attr.aria-labelledby]="titleId" (close)="closed.emit()">
      <header class="dialog__header">
        <h2 class="dialog__title" [id]="titleId">{{ title() }}</h2>
        <button type="button" class="icon-button" (click)="close()" [attr.aria-label]="t('common.close')">✕</button>
      </header>
      <div class="dialog__body"><ng-content /></div>
    </dialog>
  `,
})
export class Dialog {
  readonly title = input.required<string>();
  readonly wide = input(false);
  readonly closed = output<void>();

  protected readonly t = inject(I18n).t;
  protected readonly titleId = `dialog-title-${++nextId}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  constructor() {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    afterNextRender(() => this.dialog().nativeElement.showModal());
    inject(DestroyRef).onDestroy(() => {
      if (opener?.isConnected) opener.focus();
    });
  }

  close(): void {
    this.dialog().nativeElement.close();
  }
}
