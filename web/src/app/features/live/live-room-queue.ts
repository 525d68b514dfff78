import { Component, inject } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { CallClient } from './call-client';

/** For the presenter: raised hands (oldest first) and the question queue, each answered or dismissed. */
@Component({
  selector: 'app-live-room-queue',
  template: `
    <section class="card" data-testid="live-hands" [attr.data-count]="client.raisedHands().length">
      <h2 class="card__title">{{ t('live.hands', { n: client.raisedHands().length }) }}</h2>
      <ol class="queue">
        @for (hand of client.raisedHands(); track hand.peerId) {
          <li data-testid="live-hand-row">
            <span dir="auto">{{ hand.name }}</span>
            <button type="button" class="button button--small" (click)="client.lowerHandOf(hand.peerId)" data-testid="live-hand-lower">{{ t('live.lowerHand') }}</button>
          </li>
        } @empty {
          <li class="muted">{{ t('live.noHands') }}</li>
        }
      </ol>
    </section>
    <section class="card" data-testid="live-questions" [attr.data-count]="client.questions().length">
      <h2 class="card__title">{{ t('live.questions', { n: client.questions().length }) }}</h2>
      <ol class="queue">
        @for (question of client.questions(); track question.questionId) {
          <li data-testid="live-question-row">
            <div>
              <p class="queue__text" dir="auto">{{ question.text }}</p>
              <p class="muted queue__meta" dir="auto">{{ question.name }} · {{ i18n.dateTime(question.at) }}</p>
            </div>
            <button type="button" class="button button--small" (click)="client.dismissQuestion(question.questionId)" data-testid="live-question-answered">{{ t('live.answered') }}</button>
          </li>
        } @empty {
          <li class="muted">{{ t('live.noQuestions') }}</li>
        }
      </ol>
    </section>
  `,
  styles: `
    :host { display: grid; gap: 1rem; }
    .queue { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; max-block-size: 22rem; overflow-y: auto; }
    .queue li { display: flex; justify-content: space-between; align-items: start; gap: 0.5rem; }
    .queue__text { margin: 0; overflow-wrap: anywhere; }
    .queue__meta { margin: 0; font-size: 0.8rem; }
  `,
})
export class LiveRoomQueue {
  protected readonly client = inject(CallClient);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
}
