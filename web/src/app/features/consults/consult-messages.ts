import { Component, computed, inject, input, linkedSignal, resource, signal } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { ConsultWithHistory } from '../../core/models/consult';
import type { ConsultMessage } from '../../core/models/consult-report';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { liveFeed } from '../../shared/live-feed';
import { PendingAction } from '../../shared/pending-action';
import { ReportsApi } from './reports.api';

const MAX_MESSAGE = 4000;

/**
 * The case's messages between the requesting doctor and the specialist: oldest first, with a box to write;
 * new ones arrive live (consultMessagePosted), and the list is read again after a reconnection.
 */
@Component({
  selector: 'app-consult-messages',
  imports: [ErrorBanner],
  template: `
    <section class="card messages" data-testid="consult-messages" [attr.data-live]="live()">
      <h2 class="card__title">{{ t('messages.title') }}</h2>
      @if (loaded.error(); as error) {
        <app-error-banner [error]="error" [retryable]="true" (retry)="loaded.reload()" />
      }
      <ol class="messages__list" aria-live="polite">
        @for (message of messages(); track message.id) {
          <li class="message" data-testid="consult-message" [class.message--mine]="message.authorId === myId()" [attr.data-mine]="message.authorId === myId()">
            <p class="message__meta muted"><span data-testid="consult-message-author">{{ authorText(message) }}</span> · {{ i18n.dateTime(message.createdAt) }}</p>
            <p class="message__body" dir="auto" data-testid="consult-message-body">{{ message.body }}</p>
          </li>
        } @empty {
          @if (loaded.hasValue()) {
            <li class="muted" data-testid="consult-messages-empty">{{ t('messages.empty') }}</li>
          }
        }
      </ol>
      @if (posting.error(); as error) {
        <app-error-banner [error]="error" />
      }
      <form class="messages__form" novalidate (submit)="post($event)">
        <label class="visually-hidden" for="consult-message-input">{{ t('messages.label') }}</label>
        <textarea
          id="consult-message-input"
          rows="2"
          dir="auto"
          [maxLength]="max"
          [value]="body()"
          (input)="body.set($any($event.target).value)"
          (keydown.control.enter)="post($event)"
          [placeholder]="t('messages.placeholder')"
          data-testid="consult-message-input"
        ></textarea>
        <button type="submit" class="button button--primary button--small" [disabled]="posting.busy() || !body().trim()" data-testid="consult-message-send">
          {{ t('messages.send') }}
        </button>
      </form>
    </section>
  `,
  styles: `
    .messages__list { list-style: none; margin: 0 0 0.75rem; padding: 0; display: grid; gap: 0.5rem; max-block-size: 24rem; overflow-y: auto; }
    .message { padding-block: 0.4rem; padding-inline: 0.6rem; border-radius: var(--radius); background: var(--bg); }
    .message--mine { border-inline-start: 3px solid var(--accent); }
    .message__meta { margin: 0; font-size: 0.8rem; }
    .message__body { margin: 0.15rem 0 0; white-space: pre-line; overflow-wrap: anywhere; }
    .messages__form { display: grid; gap: 0.5rem; justify-items: end; }
    .messages__form textarea { inline-size: 100%; resize: vertical; }
    .visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `,
})
export class ConsultMessages {
  readonly consult = input.required<ConsultWithHistory>();

  private readonly api = inject(ReportsApi);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly max = MAX_MESSAGE;
  protected readonly myId = computed(() => this.auth.user()?.id ?? null);

  private readonly consultId = computed(() => this.consult().id);
  protected readonly loaded = resource({
    params: () => ({ id: this.consultId() }),
    loader: ({ params, abortSignal }) => this.api.messages(params.id, abortSignal),
  });
  /** As read, plus those posted or received since (no duplicates). */
  protected readonly messages = linkedSignal<ConsultMessage[] | undefined, ConsultMessage[]>({
    source: () => (this.loaded.hasValue() ? this.loaded.value() : undefined),
    computation: (next, previous) => next ?? previous?.value ?? [],
  });
  protected readonly live = liveFeed<ConsultMessage, string>({
    params: () => this.consultId(),
    subscribe: (id, handlers) => this.api.posted(id, handlers),
    next: (message) => this.add(message),
    missed: () => this.loaded.reload(),
  }).state;
  protected readonly body = signal('');
  protected readonly posting = new PendingAction();

  /** Names the consult knows: the claiming specialist, and everyone in its history. */
  private readonly names = computed(() => {
    const consult = this.consult();
    const names = new Map<string, string>();
    for (const event of consult.history) if (event.actorUserId && event.actorName) names.set(event.actorUserId, event.actorName);
    if (consult.claimedBy && consult.claimedByName) names.set(consult.claimedBy, consult.claimedByName);
    return names;
  });

  protected authorText(message: ConsultMessage): string {
    if (message.authorId === this.myId()) return this.t('consult.actor.you');
    const name = this.names().get(message.authorId);
    if (name) return name;
    const consult = this.consult();
    if (message.authorId === consult.requestedBy) return this.t('consult.actor.requester');
    return this.t(message.authorId === consult.claimedBy ? 'consult.actor.specialist' : 'messages.someone');
  }

  protected async post(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.body().trim();
    if (!body || this.posting.busy()) return;
    const message = await this.posting.run(() => this.api.post(this.consultId(), body));
    if (message) {
      this.add(message);
      this.body.set('');
    }
  }

  private add(message: ConsultMessage): void {
    this.messages.update((all) => (all.some((m) => m.id === message.id) ? all : [...all, message].sort((a, b) => a.createdAt.localeCompare(b.createdAt))));
  }
}
