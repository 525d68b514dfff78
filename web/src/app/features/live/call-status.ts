import { Component, inject } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { FAILURE_TEXT, NOTICE_TEXT } from './call-failure';
import { CallClient } from './call-client';
import { CallDeviceChoice } from './call-device-choice';
import type { LinkQuality } from './link-quality';
import type { MessageKey } from '../../core/i18n/messages/en';

const QUALITY_TEXT: Record<LinkQuality, MessageKey> = { good: 'call.quality.good', fair: 'call.quality.fair', poor: 'call.quality.poor' };

/** Where the call stands (connecting, choosing how to join without a device, live with the link quality, reconnecting), and why it stopped or what it sends. */
@Component({
  selector: 'app-call-status',
  imports: [CallDeviceChoice],
  template: `
    @let state = client.state();
    <p class="call-state" role="status" data-testid="call-state" [attr.data-state]="state" [attr.data-quality]="client.quality()">
      @switch (state) {
        @case ('connecting') { <span class="spinner" aria-hidden="true"></span>{{ t('call.connecting') }} }
        @case ('reconnecting') { <span class="spinner" aria-hidden="true"></span>{{ t('call.reconnecting') }} }
        @case ('connected') {
          <span class="call-state__dot" [attr.data-quality]="client.quality()" aria-hidden="true"></span>
          {{ t(qualityText[client.quality()]) }}
          @if (client.audioOnlyAuto()) { · {{ t('call.audioOnlyAuto') }} }
        }
        @case ('ended') { {{ t('call.ended') }} }
      }
    </p>
    @if (state === 'choosing') {
      <app-call-device-choice />
    }
    @if (client.failure(); as code) {
      <div class="banner banner--error" role="alert" data-testid="call-failure" [attr.data-code]="code">
        <p class="banner__text">{{ t(failureText[code]) }}</p>
      </div>
    }
    @if (client.notice(); as notice) {
      <p class="banner banner--warning" role="status" data-testid="call-notice" [attr.data-code]="notice">{{ t(noticeText[notice]) }}</p>
    }
  `,
  styles: `
    .call-state { display: flex; align-items: center; gap: 0.4rem; margin: 0; font-size: 0.9rem; }
    .call-state__dot { inline-size: 0.6rem; block-size: 0.6rem; border-radius: 50%; background: #16a34a; }
    .call-state__dot[data-quality='fair'] { background: #d97706; }
    .call-state__dot[data-quality='poor'] { background: #dc2626; }
  `,
})
export class CallStatus {
  protected readonly client = inject(CallClient);
  protected readonly t = inject(I18n).t;
  protected readonly qualityText = QUALITY_TEXT;
  protected readonly failureText = FAILURE_TEXT;
  protected readonly noticeText = NOTICE_TEXT;
}
