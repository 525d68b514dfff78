import { Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { RecordingPlayer } from './recording-player';
import { Clock } from '../../../shared/clock';
import { I18n } from '../../../core/i18n/i18n.service';
import type { LiveSession } from '../training.models';

/** The course's live sessions, soonest first, each with its time, length, the person's attendance and a way in. */
@Component({
  selector: 'app-live-session-list',
  imports: [RouterLink, RecordingPlayer],
  template: `
    <section class="card" data-testid="live-sessions">
      <h2 class="card__title">{{ t('training.live.title') }}</h2>
      @if (rows().length === 0) {
        <p class="muted" data-testid="live-sessions-empty">{{ t('training.live.empty') }}</p>
      } @else {
        <ul class="sessions">
          @for (row of rows(); track row.session.id) {
            <li class="session" data-testid="live-session" [attr.data-id]="row.session.id" [attr.data-state]="row.state">
              <div>
                <strong dir="auto">{{ row.session.title }}</strong>
                <span class="muted">
                  <bdi>{{ i18n.dateTime(row.session.startsAt) }}</bdi> · {{ t('training.live.minutes', { n: row.session.durationMinutes }) }}
                  @if (row.session.myAttendanceMinutes > 0) {
                    · {{ t('training.live.attended', { n: row.session.myAttendanceMinutes }) }}
                  }
                </span>
              </div>
              @if (row.state === 'ended') {
                <span class="badge">{{ t('training.live.ended') }}</span>
                @for (recording of row.session.recordings ?? []; track recording.id) {
                  <app-recording-player [recording]="recording" />
                }
              } @else {
                <a class="button button--small" [class.button--primary]="row.state === 'now'" [routerLink]="['/training/live', row.session.id]" data-testid="live-join">
                  {{ t('training.live.join') }}<span class="visually-hidden">: {{ row.session.title }}</span>
                </a>
              }
            </li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .sessions { list-style: none; margin: 0; padding: 0; }
    .session { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; padding-block: 0.5rem; border-block-end: 1px solid var(--border); }
    .session div { display: flex; flex-direction: column; }
  `,
})
export class LiveSessionList {
  readonly sessions = input.required<readonly LiveSession[]>();
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  private readonly clock = inject(Clock);

  protected readonly rows = computed(() => {
    const now = this.clock.now();
    return [...this.sessions()]
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((session) => {
        const start = Date.parse(session.startsAt);
        const end = start + session.durationMinutes * 60_000;
        const state = now >= end ? 'ended' : now >= start ? 'now' : 'upcoming';
        return { session, state };
      });
  });
}
