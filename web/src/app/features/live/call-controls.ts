import { Component, inject } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { CallClient } from './call-client';

/** Microphone, camera, screen, audio only, device choice and hang up, for whoever sends in the call. */
@Component({
  selector: 'app-call-controls',
  template: `
    <div class="controls" role="toolbar" [attr.aria-label]="t('call.controls')" data-testid="call-controls">
      @if (client.canSend()) {
        <!-- Only the devices this browser sends (one may be missing or refused). -->
        @if (client.hasMic()) {
          <button type="button" class="button button--small" [attr.aria-pressed]="!client.micOn()" (click)="client.setMic(!client.micOn())" data-testid="call-mic">
            {{ t(client.micOn() ? 'call.mute' : 'call.unmute') }}
          </button>
        }
        @if (client.hasCamera()) {
          <button type="button" class="button button--small" [attr.aria-pressed]="!client.cameraOn()" (click)="client.setCamera(!client.cameraOn())" data-testid="call-camera">
            {{ t(client.cameraOn() ? 'call.cameraOffAction' : 'call.cameraOnAction') }}
          </button>
        }
        <button type="button" class="button button--small" [attr.aria-pressed]="!!client.localScreen()" (click)="toggleScreen()" data-testid="call-screen">
          {{ t(client.localScreen() ? 'call.stopScreen' : 'call.shareScreen') }}
        </button>
      }
      <button type="button" class="button button--small" [attr.aria-pressed]="client.audioOnlyChosen()" (click)="client.setAudioOnly(!client.audioOnlyChosen())" data-testid="call-audio-only">
        {{ t(client.audioOnlyChosen() ? 'call.videoBack' : 'call.audioOnly') }}
      </button>
      <button type="button" class="button button--small button--danger" (click)="client.hangUp()" data-testid="call-hang-up">{{ t('call.hangUp') }}</button>
    </div>
    @if (client.canSend() && (client.cameras().length > 1 || client.microphones().length > 1)) {
      <div class="devices">
        <label>
          <span>{{ t('call.cameraDevice') }}</span>
          <select [value]="client.cameraId() ?? ''" (change)="client.selectCamera($any($event.target).value)" data-testid="call-camera-select">
            @for (camera of client.cameras(); track camera.deviceId) {
              <option [value]="camera.deviceId">{{ camera.label || t('call.cameraDevice') + ' ' + ($index + 1) }}</option>
            }
          </select>
        </label>
        <label>
          <span>{{ t('call.micDevice') }}</span>
          <select [value]="client.micId() ?? ''" (change)="client.selectMicrophone($any($event.target).value)" data-testid="call-mic-select">
            @for (mic of client.microphones(); track mic.deviceId) {
              <option [value]="mic.deviceId">{{ mic.label || t('call.micDevice') + ' ' + ($index + 1) }}</option>
            }
          </select>
        </label>
      </div>
    }
  `,
  styles: `
    .controls { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .controls [aria-pressed='true'] { outline: 2px solid var(--accent); }
    .devices { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-block-start: 0.5rem; font-size: 0.85rem; }
    .devices label { display: grid; gap: 0.2rem; }
    .devices select { max-inline-size: 16rem; }
  `,
})
export class CallControls {
  protected readonly client = inject(CallClient);
  protected readonly t = inject(I18n).t;

  protected toggleScreen(): void {
    void (this.client.localScreen() ? this.client.stopScreenShare() : this.client.startScreenShare());
  }
}
