import { Component, computed, inject, resource, signal } from '@angular/core';
import { form, max, maxLength, min, pattern, required } from '@angular/forms/signals';
import { InstitutionsApi } from '../../core/data/institutions.api';
import { I18n } from '../../core/i18n/i18n.service';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { ListState } from '../../shared/list-state/list-state';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';
import { PacsApi, type PacsDestination, type PacsDestinationInput } from './pacs.api';

/** The PACS that receive each institution's results: listed, registered and stopped by the admins of the tree. */
@Component({
  selector: 'app-pacs-destinations-page',
  imports: [FORM_IMPORTS, ErrorBanner, ListState],
  templateUrl: './pacs-destinations-page.html',
})
export class PacsDestinationsPage {
  private readonly api = inject(PacsApi);
  private readonly institutionsApi = inject(InstitutionsApi);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;

  protected readonly destinations = resource({ loader: ({ abortSignal }) => this.api.destinations(abortSignal) });
  protected readonly institutions = resource({ loader: ({ abortSignal }) => this.institutionsApi.list({}, abortSignal) });
  protected readonly institutionName = computed(() => new Map((this.institutions.hasValue() ? this.institutions.value() : []).map((i) => [i.id, i.name])));
  protected readonly rows = computed(() => (this.destinations.hasValue() ? this.destinations.value() : []));

  protected readonly draft = signal<PacsDestinationInput>({ institutionId: '', label: '', aeTitle: '', host: '', port: 104 });
  protected readonly form = form(this.draft, (path) => {
    required(path.institutionId);
    required(path.label);
    required(path.aeTitle);
    maxLength(path.aeTitle, 16);
    pattern(path.aeTitle, /^[\x20-\x5b\x5d-\x7e]{1,16}$/);
    required(path.host);
    required(path.port);
    min(path.port, 1);
    max(path.port, 65535);
  });
  protected readonly error = signal<unknown>(null);
  protected readonly stopping = new PendingAction();

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const f = this.form;
    await submitWithServerErrors(f, this.error, { institutionId: f.institutionId, label: f.label, aeTitle: f.aeTitle, host: f.host, port: f.port }, async () => {
      const saved = await this.api.register({ ...this.draft(), port: Number(this.draft().port) });
      this.toasts.show({ key: 'pacs.saved', params: { label: saved.label } });
      this.draft.set({ institutionId: saved.institutionId, label: '', aeTitle: '', host: '', port: 104 });
      this.form().reset();
      this.destinations.reload();
    });
  }

  protected async stop(destination: PacsDestination): Promise<void> {
    const confirmed = await this.confirm.ask({ title: this.t('pacs.deactivateTitle', { label: destination.label }), body: this.t('pacs.deactivateBody'), confirmLabel: this.t('pacs.deactivate') });
    if (!confirmed) return;
    if (await this.stopping.run(() => this.api.deactivate(destination.id))) this.destinations.reload();
  }
}
