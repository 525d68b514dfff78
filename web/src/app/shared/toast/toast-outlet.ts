import { Component, effect, ElementRef, inject, viewChild } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { Toasts } from './toasts.service';

/** Toasts live in a manual popover so they also show above an open modal dialog. */
@Component({
  selector: 'app-toast-outlet',
  template: `
    <div #region class="toasts" popover="manual" role="status" aria-live="polite">
      @for (toast of toasts.current(); track toast.id) {
        <p class="toast" data-testid="toast">{{ i18n.text(toast.text) }}</p>
      }
    </div>
  `,
})
export class ToastOutlet {
  protected readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  private readonly region = viewChild.required<ElementRef<HTMLElement>>('region');

  constructor() {
    effect(() => {
      const element = this.region().nativeElement;
      const count = this.toasts.current().length;
      if (element.matches(':popover-open')) element.hidePopover();
      // Showing again puts it on top of whatever opened since (a dialog, for instance).
      if (count > 0) element.showPopover();
    });
  }
}
