import { Component, computed, effect, inject, input, resource, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MAX_QUESTION_LENGTH } from '#contracts/protocol/signalling';
import { I18n } from '../../core/i18n/i18n.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PendingAction } from '../../shared/pending-action';
import { CallClient } from './call-client';
import { CallControls } from './call-controls';
import { CallStage } from './call-stage';
import { CallStatus } from './call-status';
import { CallsApi } from './calls.api';
import { LiveRoomQueue } from './live-room-queue';

/**
 * A live training session: the presenter sends camera and screen and works through raised hands and
 * questions; viewers (up to hundreds) watch the presenters, raise a hand and ask questions.
 */
@Component({
  selector: 'app-live-room-page',
  imports: [RouterLink, CallStage, CallControls, CallStatus, LiveRoomQueue, ErrorBanner],
  providers: [CallClient],
  template: `
    @let state = client.state();
    <nav class="crumbs"><a routerLink="/training">{{ t('live.backToTraining') }}</a></nav>
    <div class="page-header">
      <div>
        <h1 class="page-title" dir="auto" data-testid="live-session-title">{{ heading.hasValue() ? heading.value().title : t('live.title') }}</h1>
        @if (heading.hasValue()) {
          <p class="muted room__presenter" data-testid="live-presenter-name">{{ t('live.presentedBy', { name: heading.value().presenterName }) }}</p>
        }
      </div>
      @if (client.role()) {
        <span class="room__meta">
          <span class="badge" data-testid="live-role" [attr.data-role]="client.role()">{{ t(presenter() ? 'live.presenter' : 'live.viewer') }}</span>
          @if (client.recording()) {
            <span class="badge room__recording" role="status" data-testid="live-recording">{{ t('live.recording') }}</span>
          }
          @if (presenter()) {
            <button type="button" class="button button--small" [disabled]="recordAction.busy()" (click)="toggleRecording()" data-testid="live-record">
              {{ t(client.recording() ? 'live.recordStop' : 'live.recordStart') }}
            </button>
          }
          <span class="muted" data-testid="live-viewer-count" [attr.data-count]="viewerCount()">{{ t('live.viewers', { n: viewerCount() }) }}</span>
        </span>
      }
    </div>
    @if (recordAction.error()) {
      <app-error-banner [error]="recordAction.error()" />
    }
    <section class="room" data-testid="live-room" [attr.data-state]="state">
      <div class="room__main">
        <app-call-status />
        @if (state === 'failed' || state === 'ended') {
          <button type="button" class="button button--primary" (click)="join()" data-testid="live-join-again">{{ t('call.join') }}</button>
        } @else if (state !== 'choosing') {
          <app-call-stage [showLocal]="presenter()" />
          @if (!presenter() && state === 'connected' && presenterVideos() === 0) {
            <p class="list-state list-state--empty" data-testid="live-waiting">{{ t('live.waitingForPresenter') }}</p>
          }
          <app-call-controls />
        }
      </div>
      @if (state === 'connected' || state === 'reconnecting') {
        <aside class="room__side">
          @if (presenter()) {
            <app-live-room-queue />
          } @else {
            <section class="card">
              <button type="button" class="button" [attr.aria-pressed]="client.handRaised()" (click)="client.raiseHand(!client.handRaised())" data-testid="live-hand">
                {{ t(client.handRaised() ? 'live.lowerHand' : 'live.raiseHand') }}
              </button>
              <form class="ask" novalidate (submit)="ask($event)">
                <label for="live-question">{{ t('live.askLabel') }}</label>
                <textarea id="live-question" rows="3" dir="auto" [maxLength]="maxQuestion" [value]="question()" (input)="question.set($any($event.target).value)" data-testid="live-question-input"></textarea>
                <button type="submit" class="button button--primary button--small" [disabled]="!question().trim()" data-testid="live-question-send">{{ t('live.ask') }}</button>
                @if (asked()) {
                  <p class="muted" role="status" data-testid="live-question-sent">{{ t('live.questionSent') }}</p>
                }
              </form>
            </section>
          }
        </aside>
      }
    </section>
  `,
  styles: `
    .room { display: grid; gap: 1rem; grid-template-columns: minmax(0, 3fr) minmax(16rem, 1fr); align-items: start; }
    .room__main { display: grid; gap: 0.75rem; }
    @media (max-width: 56rem) { .room { grid-template-columns: minmax(0, 1fr); } }
    .ask { display: grid; gap: 0.4rem; margin-block-start: 1rem; justify-items: start; }
    .ask textarea { inline-size: 100%; resize: vertical; }
    .room__meta { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; }
    .room__recording { background: var(--danger, #b3261e); color: #fff; }
    .room__presenter { margin: 0.2rem 0 0; }
  `,
})
export class LiveRoomPage {
  /** Route parameter. */
  readonly sessionId = input.required<string>();

  protected readonly client = inject(CallClient);
  private readonly api = inject(CallsApi);
  protected readonly t = inject(I18n).t;
  protected readonly maxQuestion = MAX_QUESTION_LENGTH;
  protected readonly question = signal('');
  protected readonly asked = signal(false);
  protected readonly recordAction = new PendingAction();

  /** The session's title and presenter; the room works without them (the heading then says "Live training session"). */
  protected readonly heading = resource({
    params: () => this.sessionId(),
    loader: ({ params, abortSignal }) => this.api.trainingSession(params, abortSignal),
  });
  protected readonly presenter = computed(() => this.client.role() === 'presenter');
  protected readonly viewerCount = computed(() => this.client.peers().filter((peer) => peer.role === 'viewer').length + (this.client.role() === 'viewer' ? 1 : 0));
  protected readonly presenterVideos = computed(() => this.client.remote().filter((media) => media.kind === 'video').length);

  constructor() {
    effect(() => {
      this.sessionId();
      untracked(() => void this.join());
    });
  }

  protected join(): Promise<void> {
    const sessionId = this.sessionId();
    return this.client.start({ fetchJoin: () => this.api.trainingJoin(sessionId), send: true });
  }

  /** The indicator follows the room's notification, not this call, so every client shows the same state. */
  protected toggleRecording(): Promise<unknown> {
    const sessionId = this.sessionId();
    return this.recordAction.run(() => (this.client.recording() ? this.api.stopRecording(sessionId) : this.api.startRecording(sessionId)));
  }

  protected async ask(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.question().trim();
    if (!text) return;
    await this.client.askQuestion(text);
    this.question.set('');
    this.asked.set(true);
  }
}
