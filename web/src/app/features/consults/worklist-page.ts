import { Component, computed, inject, linkedSignal, resource, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ConsultsApi, type WorklistFilter } from '../../core/data/consults.api';
import { I18n } from '../../core/i18n/i18n.service';
import { consultStatusLabel, regionLabel, urgencyLabel } from '../../core/i18n/labels';
import { type Consult, type ConsultStatus, isOnWorklist, type Urgency, URGENCIES, WORKLIST_STATUSES, worklistOrder } from '../../core/models/consult';
import { ANATOMICAL_REGIONS, type AnatomicalRegion } from '../../core/models/study';
import { CONSULT_BADGES } from '../../shared/consult/consult-badges';
import { liveConsults } from '../../shared/consult/live-consults';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { ListState } from '../../shared/list-state/list-state';
import { PendingAction } from '../../shared/pending-action';
import { SpecialistFocusEditor } from '../../shared/specialist-focus/specialist-focus-editor';
import { InstitutionNames } from './institution-names';

interface Filters {
  region: AnatomicalRegion | '';
  urgency: Urgency | '';
  status: ConsultStatus | '';
}

/**
 * The specialists' worklist: open consults offered to their hospitals, most urgent first, then highest AI
 * risk, then longest waiting; more on demand (nextCursor). consultChanged inserts new requests (briefly
 * highlighted), refreshes rows that changed and drops those that left the list (claimed elsewhere with a
 * status filter on, cancelled, expired, escalated to another hospital).
 */
@Component({
  selector: 'app-worklist-page',
  imports: [RouterLink, FORM_IMPORTS, ListState, ErrorBanner, CONSULT_BADGES, SpecialistFocusEditor],
  templateUrl: './worklist-page.html',
  styleUrl: './worklist-page.css',
})
export class WorklistPage {
  private readonly api = inject(ConsultsApi);
  private readonly auth = inject(AuthService);
  protected readonly institutions = inject(InstitutionNames);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regions = ANATOMICAL_REGIONS;
  protected readonly urgencies = URGENCIES;
  protected readonly statuses = WORKLIST_STATUSES;
  protected readonly regionLabel = regionLabel;
  protected readonly urgencyLabel = urgencyLabel;
  protected readonly statusLabel = consultStatusLabel;
  protected readonly myId = computed(() => this.auth.user()?.id ?? null);

  protected readonly filters = signal<Filters>({ region: '', urgency: '', status: '' });
  protected readonly filterForm = form(this.filters);
  private readonly filter = computed<WorklistFilter>(() => {
    const { region, urgency, status } = this.filters();
    return { ...(region ? { region } : {}), ...(urgency ? { urgency } : {}), ...(status ? { status } : {}) };
  });

  protected readonly firstPage = resource({
    params: () => this.filter(),
    loader: ({ params, abortSignal }) => this.api.worklist(params, null, abortSignal),
  });
  /** The first page, then further pages as they are loaded, kept up to date by consultChanged. */
  protected readonly rows = linkedSignal<Consult[]>(() => (this.firstPage.hasValue() ? this.firstPage.value().items : []));
  protected readonly nextCursor = linkedSignal<string | null>(() => (this.firstPage.hasValue() ? this.firstPage.value().nextCursor : null));
  protected readonly more = new PendingAction();
  /** Requests that arrived while the page was open: highlighted for a moment. */
  protected readonly arrived = signal<ReadonlySet<string>>(new Set());

  /** The hospitals where the person is a specialist: the consults offered to them make the worklist. */
  private readonly hospitals = computed(() => new Set((this.auth.user()?.roles ?? []).filter((r) => r.role === 'SPECIALIST').map((r) => r.institutionId)));

  private readonly live = liveConsults({ changed: (consult) => this.changed(consult), missed: () => this.firstPage.reload() });
  protected readonly liveState = this.live.state;

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    const page = await this.more.run(() => this.api.worklist(this.filter(), cursor));
    if (!page) return;
    // A live insert may already hold a row of this page.
    const fresh = new Map(page.items.map((c) => [c.id, c]));
    this.rows.update((rows) => [...rows.filter((c) => !fresh.has(c.id)), ...page.items]);
    this.nextCursor.set(page.nextCursor);
  }

  protected reconnect(): void {
    this.live.restart();
    this.firstPage.reload();
  }

  private changed(consult: Consult): void {
    const rows = this.rows();
    const known = rows.some((c) => c.id === consult.id);
    if (!this.belongs(consult)) {
      if (known) this.rows.set(rows.filter((c) => c.id !== consult.id));
      return;
    }
    const others = rows.filter((c) => c.id !== consult.id);
    // Past the last loaded row of a longer list it comes with "load more", in its place.
    const last = others.at(-1);
    if (!known && this.nextCursor() && last && worklistOrder(consult, last) > 0) return;
    if (!known) this.arrived.update((ids) => new Set(ids).add(consult.id));
    this.rows.set([...others, consult].sort(worklistOrder));
  }

  private belongs(consult: Consult): boolean {
    const filter = this.filter();
    return (
      isOnWorklist(consult) &&
      consult.targetInstitutionId !== null &&
      this.hospitals().has(consult.targetInstitutionId) &&
      (!filter.region || consult.region === filter.region) &&
      (!filter.urgency || consult.urgency === filter.urgency) &&
      (!filter.status || consult.status === filter.status)
    );
  }
}
