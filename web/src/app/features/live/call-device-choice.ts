import { Component, computed, inject } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages/en';
import { CallClient } from './call-client';

/**
 * Shown when the camera or microphone cannot be used on joining: which one and why (refused, none, in use),
 * how to fix it, and the ways to join anyway with what works (microphone or camera alone, or watch and listen).
 */
@Component({
  selector: 'app-call-device-choice',
  template: `
    <div class="banner banner--warning device-choice" role="alert" data-testid="call-devices">
      <p class="device-choice__title">{{ t('call.devices.title') }}</p>
      <ul class="device-choice__problems">
        @for (line of lines(); track line.device) {
          <li [attr.data-testid]="'call-device-' + line.device" [attr.data-problem]="line.problem">{{ t(line.text) }}</li>
        }
      </ul>
      <p>{{ t(anyDenied() ? 'call.devices.helpDenied' : 'call.devices.helpMissing') }}</p>
      <div class="device-choice__actions">
        @if (client.hasMic() && !client.hasCamera()) {
          <button type="button" class="button button--primary" (click)="client.joinWith('mic')" data-testid="call-join-mic">{{ t('call.devices.joinMic') }}</button>
        }
        @if (client.hasCamera() && !client.hasMic()) {
          <button type="button" class="button button--primary" (click)="client.joinWith('camera')" data-testid="call-join-camera">{{ t('call.devices.joinCamera') }}</button>
        }
        <button type="button" class="button" [class.button--primary]="!client.hasMic() && !client.hasCamera()" (click)="client.joinWith('watch')" data-testid="call-join-watch">
          {{ t('call.devices.joinWatch') }}
        </button>
        <button type="button" class="button" (click)="client.retryDevices()" data-testid="call-devices-retry">{{ t('call.devices.retry') }}</button>
        <button type="button" class="button button--small" (click)="client.hangUp()" data-testid="call-devices-cancel">{{ t('call.devices.cancel') }}</button>
      </div>
    </div>
  `,
  styles: `
    .device-choice { display: grid; gap: 0.5rem; }
    .device-choice p { margin: 0; }
    .device-choice__title { font-weight: 600; }
    .device-choice__problems { margin: 0; padding-inline-start: 1.25rem; }
    .device-choice__actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  `,
})
export class CallDeviceChoice {
  protected readonly client = inject(CallClient);
  protected readonly t = inject(I18n).t;

  protected readonly lines = computed(() => {
    const problems = this.client.deviceProblems();
    return (['camera', 'mic'] as const).flatMap((device) => {
      const problem = problems[device];
      return problem ? [{ device, problem, text: `call.devices.${device}.${problem}` as MessageKey }] : [];
    });
  });
  protected readonly anyDenied = computed(() => Object.values(this.client.deviceProblems()).includes('denied'));
}
