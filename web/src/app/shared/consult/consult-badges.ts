import { Component, computed, inject, input } from '@angular/core';
import { consultStatusLabel, urgencyLabel } from '../../core/i18n/labels';
import { I18n } from '../../core/i18n/i18n.service';
import { type Consult, type ConsultStatus, type Urgency, waitingSpan } from '../../core/models/consult';
import { Clock } from '../clock';

/** "2 h 10 min", "35 min", "3 d 4 h" in the current language. */
export function durationText(ms: number, i18n: I18n): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const n = i18n.number;
  if (days > 0) return i18n.t('duration.dh', { d: n(days), h: n(hours) });
  if (hours > 0) return i18n.t('duration.hm', { h: n(hours), m: n(minutes % 60) });
  return i18n.t('duration.m', { m: n(minutes) });
}

/** Where a consult stands, as a coloured chip. */
@Component({
  selector: 'app-consult-status',
  template: `<span class="badge chip" [attr.data-tone]="tone()" data-testid="consult-status" [attr.data-status]="status()">{{ i18n.t(label()) }}</span>`,
  styles: `
    .chip[data-tone='waiting'] { background: var(--warning-soft); color: var(--warning); }
    .chip[data-tone='working'] { background: var(--info-soft); color: #1d4ed8; }
    .chip[data-tone='done'] { background: var(--success-soft); color: var(--success); }
    .chip[data-tone='closed'] { background: var(--hover); color: var(--muted); }
  `,
})
export class ConsultStatusChip {
  readonly status = input.required<ConsultStatus>();
  protected readonly i18n = inject(I18n);
  protected readonly label = computed(() => consultStatusLabel(this.status()));
  protected readonly tone = computed(() => {
    switch (this.status()) {
      case 'REQUESTED':
      case 'OFFERED':
        return 'waiting';
      case 'CLAIMED':
      case 'IN_REVIEW':
        return 'working';
      case 'REPORTED':
      case 'SIGNED':
      case 'AMENDED':
        return 'done';
      default:
        return 'closed';
    }
  });
}

/** Routine, urgent (amber) or emergency (red). */
@Component({
  selector: 'app-urgency',
  template: `<span class="badge urgency" [attr.data-urgency]="urgency()" data-testid="consult-urgency">{{ i18n.t(label()) }}</span>`,
  styles: `
    .urgency[data-urgency='URGENT'] { background: #fff1e0; color: #9a3412; }
    .urgency[data-urgency='EMERGENCY'] { background: var(--danger); color: #fff; }
  `,
})
export class UrgencyBadge {
  readonly urgency = input.required<Urgency>();
  protected readonly i18n = inject(I18n);
  protected readonly label = computed(() => urgencyLabel(this.urgency()));
}

/** The AI malignancy probability as a small bar with its percentage; a dash without an AI result. */
@Component({
  selector: 'app-risk-bar',
  template: `
    @if (risk() !== null) {
      <span class="risk" data-testid="consult-risk" [attr.data-risk]="risk()" [attr.data-level]="level()" [title]="i18n.t('consult.aiRiskHint')">
        <span class="risk__track" aria-hidden="true"><span class="risk__fill" [style.inline-size.%]="percent()"></span></span>
        <bdi class="risk__value">{{ i18n.number(percent()) }} %</bdi>
      </span>
    } @else {
      <span class="muted" data-testid="consult-risk" [title]="i18n.t('consult.noAiRisk')">—</span>
    }
  `,
  styles: `
    .risk { display: inline-flex; align-items: center; gap: 0.4rem; white-space: nowrap; }
    .risk__track { inline-size: 4rem; block-size: 0.45rem; border-radius: 999px; background: var(--hover); overflow: hidden; }
    .risk__fill { display: block; block-size: 100%; background: var(--success); }
    .risk[data-level='mid'] .risk__fill { background: #d97706; }
    .risk[data-level='high'] .risk__fill { background: var(--danger); }
    .risk__value { font-size: 0.85rem; font-variant-numeric: tabular-nums; }
  `,
})
export class RiskBar {
  readonly risk = input.required<number | null>();
  protected readonly i18n = inject(I18n);
  protected readonly percent = computed(() => Math.round((this.risk() ?? 0) * 100));
  protected readonly level = computed(() => (this.percent() >= 50 ? 'high' : this.percent() >= 20 ? 'mid' : 'low'));
}

/** "waiting 2 h 10 min" while offered (moving on by itself), "waited 35 min" once claimed. */
@Component({
  selector: 'app-waiting-time',
  template: `
    @if (text(); as text) {
      <span class="nowrap" data-testid="consult-waiting" [attr.data-running]="running()">{{ text }}</span>
    } @else {
      <span class="muted" data-testid="consult-waiting">—</span>
    }
  `,
  styles: `.nowrap { white-space: nowrap; }`,
})
export class WaitingTime {
  readonly consult = input.required<Pick<Consult, 'status' | 'requestedAt' | 'claimedAt' | 'closedAt'>>();
  private readonly i18n = inject(I18n);
  private readonly clock = inject(Clock);
  private readonly span = computed(() => waitingSpan(this.consult(), this.clock.now()));
  protected readonly running = computed(() => this.span()?.running ?? false);
  protected readonly text = computed(() => {
    const span = this.span();
    if (!span) return null;
    const time = durationText(span.ms, this.i18n);
    return this.i18n.t(span.running ? 'consult.waiting' : 'consult.waited', { time });
  });
}

export const CONSULT_BADGES = [ConsultStatusChip, UrgencyBadge, RiskBar, WaitingTime] as const;
