import { Component, computed, inject, input, resource, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import type { Institution } from '../../core/models/institution';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { ListState } from '../../shared/list-state/list-state';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';
import { destinationSchema, type DestinationDraft, emptyDestination, toDestinationInput } from './destination-draft';
import { PacsApi, type PacsDestination } from './pacs.api';

/** The PACS that receive each institution's results (by DICOM or DICOMweb): listed, registered and stopped by the admins of the tree. */
@Component({
  selector: 'app-pacs-destinations',
  imports: [FORM_IMPORTS, ErrorBanner, ListState],
  templateUrl: './pacs-destinations.html',
})
export class PacsDestinationsSection {
  private readonly api = inject(PacsApi);
  /** The admin's institutions (the page reads them once for both sections). */
  readonly institutions = input.required<Institution[]>();
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;

  protected readonly destinations = resource({ loader: ({ abortSignal }) => this.api.destinations(abortSignal) });
  protected readonly institutionName = computed(() => new Map(this.institutions().map((i) => [i.id, i.name])));
  protected readonly rows = computed(() => (this.destinations.hasValue() ? this.destinations.value() : []));

  protected readonly draft = signal<DestinationDraft>(emptyDestination());
  protected readonly form = form(this.draft, destinationSchema);
  protected readonly error = signal<unknown>(null);
  protected readonly stopping = new PendingAction();

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const f = this.form;
    await submitWithServerErrors(f, this.error, { institutionId: f.institutionId, label: f.label, aeTitle: f.aeTitle, host: f.host, port: f.port, dicomwebUrl: f.dicomwebUrl }, async () => {
      const saved = await this.api.register(toDestinationInput(this.draft()));
      this.toasts.show({ key: 'pacs.saved', params: { label: saved.label } });
      this.draft.set(emptyDestination(saved.institutionId));
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
