import { RouterLink } from '@angular/router';
import { Component, computed, inject, resource, signal } from '@angular/core';
import { debounce, form } from '@angular/forms/signals';
import { InstitutionsApi, type InstitutionsFilter } from '../../core/data/institutions.api';
import { I18n } from '../../core/i18n/i18n.service';
import { institutionTypeLabel } from '../../core/i18n/labels';
import { type Institution, INSTITUTION_TYPES, type InstitutionType } from '../../core/models/institution';
import { ActiveBadge } from '../../shared/active-status/active-badge';
import { type ActiveStatus, activeFilter } from '../../shared/active-status/active-status';
import { ActiveStatusFilter } from '../../shared/active-status/active-status-filter';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { CertificateSealDialog } from '../training/certificates/certificate-seal-dialog';
import { InstitutionFormDialog } from './institution-form-dialog';

interface Filters {
  search: string;
  type: InstitutionType | '';
  status: ActiveStatus;
}

const toFilter = ({ search, type, status }: Filters): InstitutionsFilter => ({
  ...(search.trim() ? { search: search.trim() } : {}),
  ...(type ? { type } : {}),
  ...activeFilter(status),
});

@Component({
  selector: 'app-institutions-page',
  imports: [FORM_IMPORTS, ListState, ErrorBanner, InstitutionFormDialog, CertificateSealDialog, ActiveStatusFilter, ActiveBadge, RouterLink],
  templateUrl: './institutions-page.html',
})
export class InstitutionsPage {
  private readonly api = inject(InstitutionsApi);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly types = INSTITUTION_TYPES;
  protected readonly typeLabel = institutionTypeLabel;

  protected readonly filters = signal<Filters>({ search: '', type: '', status: '' });
  protected readonly filterForm = form(this.filters, (path) => debounce(path.search, 300));

  protected readonly list = resource({
    params: () => toFilter(this.filters()),
    loader: ({ params, abortSignal }) => this.api.list(params, abortSignal),
  });
  /** Every institution: parent names and the parent picker need the ones the filter hides. */
  protected readonly directory = resource({ loader: ({ abortSignal }) => this.api.list({}, abortSignal), defaultValue: [] });

  protected readonly rows = computed(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly byId = computed(() => new Map(this.directoryRows().map((i) => [i.id, i])));
  protected readonly directoryRows = computed(() => (this.directory.hasValue() ? this.directory.value() : []));
  protected readonly filtered = computed(() => Object.keys(toFilter(this.filters())).length > 0);

  /** The institution in the form dialog: 'new', one to edit, or none. */
  protected readonly editing = signal<Institution | 'new' | null>(null);
  /** The institution whose certificate seal is open. */
  protected readonly sealOf = signal<Institution | null>(null);
  protected readonly actionError = signal<unknown>(null);

  protected saved(): void {
    this.editing.set(null);
    this.toasts.show({ key: 'institutions.saved' });
    this.reload();
  }

  protected async toggleActive(institution: Institution): Promise<void> {
    const activate = !institution.active;
    const confirmed = await this.confirm.ask({
      title: this.t(activate ? 'institutions.activateTitle' : 'institutions.deactivateTitle', { name: institution.name }),
      body: this.t(activate ? 'institutions.activateBody' : 'institutions.deactivateBody'),
      confirmLabel: this.t(activate ? 'common.activate' : 'common.deactivate'),
      danger: !activate,
    });
    if (!confirmed) return;
    this.actionError.set(null);
    try {
      await this.api.setActive(institution.id, activate);
      this.toasts.show({ key: 'institutions.saved' });
      this.reload();
    } catch (error) {
      this.actionError.set(error);
    }
  }

  private reload(): void {
    this.list.reload();
    this.directory.reload();
  }
}
