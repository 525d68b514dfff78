import { Component, computed, DestroyRef, inject, linkedSignal, resource, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { outcomeLabel, resourceTypeLabel } from '../../core/i18n/labels';
import { AUDIT_OUTCOMES, AUDIT_RESOURCE_TYPES, type AuditEvent, type AuditOutcome } from '../../core/models/audit-event';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { ListState } from '../../shared/list-state/list-state';
import { PendingAction } from '../../shared/pending-action';
import { AuditApi, type AuditFilter, matchesFilter } from './audit.api';

type LiveState = 'off' | 'connecting' | 'on' | 'stopped';

interface Filters {
  outcome: AuditOutcome | '';
  resourceType: string;
}

@Component({
  selector: 'app-audit-page',
  imports: [FORM_IMPORTS, ListState, ErrorBanner],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.css',
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly outcomes = AUDIT_OUTCOMES;
  protected readonly resourceTypes = AUDIT_RESOURCE_TYPES;
  protected readonly outcomeLabel = outcomeLabel;

  protected readonly filters = signal<Filters>({ outcome: '', resourceType: '' });
  protected readonly filterForm = form(this.filters);
  private readonly filter = computed<AuditFilter>(() => {
    const { outcome, resourceType } = this.filters();
    return { ...(outcome ? { outcome } : {}), ...(resourceType ? { resourceType } : {}) };
  });

  protected readonly firstPage = resource({
    params: () => this.filter(),
    loader: ({ params, abortSignal }) => this.api.page(params, null, abortSignal),
  });
  /** The newest page, then older pages as they are loaded, with live events on top. */
  protected readonly events = linkedSignal<AuditEvent[]>(() => (this.firstPage.hasValue() ? this.firstPage.value().items : []));
  protected readonly nextCursor = linkedSignal<string | null>(() => (this.firstPage.hasValue() ? this.firstPage.value().nextCursor : null));
  protected readonly older = new PendingAction();
  protected readonly liveIds = signal<ReadonlySet<string>>(new Set());

  protected readonly liveState = signal<LiveState>('off');
  private stopLive: (() => void) | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopLive?.());
  }

  protected resourceText(type: string): string {
    const key = resourceTypeLabel(type);
    return key ? this.t(key) : type;
  }

  protected async loadOlder(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    const page = await this.older.run(() => this.api.page(this.filter(), cursor));
    if (!page) return;
    this.events.update((events) => [...events, ...page.items]);
    this.nextCursor.set(page.nextCursor);
  }

  protected toggleLive(on: boolean): void {
    this.stopLive?.();
    this.stopLive = null;
    if (!on) {
      this.liveState.set('off');
      return;
    }
    this.liveState.set('connecting');
    this.stopLive = this.api.live({
      connected: () => this.liveState.set('on'),
      next: (event) => this.prepend(event),
      error: () => {
        this.liveState.set('stopped');
        this.stopLive = null;
      },
    });
  }

  private prepend(event: AuditEvent): void {
    this.liveState.set('on');
    if (!matchesFilter(event, this.filter()) || this.events().some((e) => e.id === event.id)) return;
    this.liveIds.update((ids) => new Set(ids).add(event.id));
    this.events.update((events) => [event, ...events]);
  }
}
