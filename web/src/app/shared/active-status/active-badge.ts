import { Component, inject, input } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';

/** "Active" in green or "Inactive" in grey. */
@Component({
  selector: 'app-active-badge',
  template: `<span class="badge" [class.badge--success]="active()">{{ t(active() ? 'common.active' : 'common.inactive') }}</span>`,
})
export class ActiveBadge {
  readonly active = input.required<boolean>();
  protected readonly t = inject(I18n).t;
}
