import { Component, computed, inject, input, resource, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import type { Institution } from '../../core/models/institution';
import { ANATOMICAL_REGIONS } from '../../core/models/study';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { deviceSchema, emptyDraft, toInput } from './device-draft';
import { type DicomDevice, DicomDevicesApi } from './dicom-devices.api';

/**
 * Admins register the scanners and PACS that may send images to the institutions of their tree (by DICOM, and
 * by DICOMweb once a secret is issued), and stop them.
 */
@Component({
  selector: 'app-dicom-devices',
  imports: [ListState, ErrorBanner, FORM_IMPORTS],
  template: `
    <h2 class="page-title" id="devices-title">{{ t('devices.senders') }}</h2>
    <p class="muted">{{ t('devices.intro') }}</p>

    <form class="card" novalidate (submit)="register($event)" data-testid="device-form">
      <h3 class="card__title">{{ t('devices.register') }}</h3>
      @if (formError(); as error) {
        <app-error-banner [error]="error" />
      }
      <div class="form-grid">
        <app-field [field]="form.institutionId" controlId="device-institution" [label]="t('devices.institution')">
          <select id="device-institution" [formField]="form.institutionId" data-testid="device-institution">
            <option value="">{{ t('common.choose') }}</option>
            @for (institution of institutions(); track institution.id) {
              <option [value]="institution.id">{{ institution.name }} ({{ institution.code }})</option>
            }
          </select>
        </app-field>
        <app-field [field]="form.label" controlId="device-label" [label]="t('devices.label')">
          <input id="device-label" type="text" [formField]="form.label" data-testid="device-label" />
        </app-field>
      </div>
      <div class="form-grid">
        <app-field [field]="form.aeTitle" controlId="device-ae" [label]="t('devices.aeTitle')" [hint]="t('devices.aeTitleHint')">
          <input id="device-ae" type="text" dir="ltr" spellcheck="false" [formField]="form.aeTitle" data-testid="device-ae" />
        </app-field>
        <app-field [field]="form.address" controlId="device-address" [label]="t('devices.address')" [hint]="t('devices.addressHint')" [optional]="true">
          <input id="device-address" type="text" dir="ltr" spellcheck="false" [formField]="form.address" data-testid="device-address" />
        </app-field>
        <app-field [field]="form.region" controlId="device-region" [label]="t('devices.region')">
          <select id="device-region" [formField]="form.region" data-testid="device-region">
            <option value="">{{ t('common.choose') }}</option>
            @for (region of regions; track region) {
              <option [value]="region">{{ t(regionLabel(region)) }}</option>
            }
          </select>
        </app-field>
      </div>
      <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="device-save">{{ t('devices.save') }}</button>
    </form>

    @if (actionError(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (issued(); as secret) {
      <section class="card" role="status" aria-labelledby="device-secret-title" data-testid="device-secret">
        <h3 id="device-secret-title" class="card__title">{{ t('devices.secretTitle', { label: secret.label }) }}</h3>
        <p>{{ t('devices.secretBody') }}</p>
        <dl>
          <dt>{{ t('devices.secretUser') }}</dt>
          <dd><bdi class="code" dir="ltr">{{ secret.aeTitle }}</bdi></dd>
          <dt>{{ t('devices.secretPassword') }}</dt>
          <dd><bdi class="code" dir="ltr" data-testid="device-secret-value">{{ secret.secret }}</bdi></dd>
        </dl>
        <button type="button" class="button button--small" (click)="issued.set(null)" data-testid="device-secret-done">{{ t('devices.secretDone') }}</button>
      </section>
    }
    <app-list-state [loading]="devices.isLoading()" [error]="devices.error()" [empty]="rows().length === 0" [emptyText]="t('devices.empty')" (retry)="devices.reload()">
      <div class="table-wrap">
        <table class="table" data-testid="devices-table">
          <thead>
            <tr>
              <th scope="col">{{ t('devices.label') }}</th>
              <th scope="col">{{ t('devices.aeTitle') }}</th>
              <th scope="col">{{ t('devices.address') }}</th>
              <th scope="col">{{ t('devices.institution') }}</th>
              <th scope="col">{{ t('devices.region') }}</th>
              <th scope="col">DICOMweb</th>
              <th scope="col"><span class="visually-hidden">{{ t('common.actions') }}</span></th>
            </tr>
          </thead>
          <tbody>
            @for (device of rows(); track device.id) {
              <tr data-testid="device-row" [attr.data-active]="device.active">
                <td dir="auto">{{ device.label }}</td>
                <td><span class="code" dir="ltr">{{ device.aeTitle }}</span></td>
                <td><span class="code" dir="ltr">{{ device.address ?? t('devices.anyAddress') }}</span></td>
                <td>{{ institutionName(device.institutionId) }}</td>
                <td>{{ t(regionLabel(device.region)) }}</td>
                <td data-testid="device-dicomweb" [attr.data-on]="device.dicomweb">
                  <span class="badge" [class.badge--success]="device.dicomweb">{{ t(device.dicomweb ? 'devices.dicomwebOn' : 'devices.dicomwebOff') }}</span>
                  @if (device.active) {
                    <button type="button" class="button button--small button--ghost" [disabled]="busy() === device.id" (click)="issueSecret(device)" data-testid="device-issue-secret">
                      {{ t(device.dicomweb ? 'devices.replaceSecret' : 'devices.issueSecret') }}<span class="visually-hidden">: {{ device.label }}</span>
                    </button>
                  }
                </td>
                <td>
                  @if (device.active) {
                    <button type="button" class="button" [disabled]="busy() === device.id" (click)="deactivate(device)" data-testid="device-deactivate">{{ t('devices.deactivate') }}</button>
                  } @else {
                    <span class="badge badge--denied">{{ t('devices.inactive') }}</span>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </app-list-state>
  `,
})
export class DicomDevicesSection {
  private readonly api = inject(DicomDevicesApi);
  /** The admin's institutions (the page reads them once for both sections). */
  readonly institutions = input.required<Institution[]>();
  private readonly toasts = inject(Toasts);
  private readonly confirm = inject(Confirm);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regions = ANATOMICAL_REGIONS;
  protected readonly regionLabel = regionLabel;

  protected readonly devices = resource({ loader: ({ abortSignal }) => this.api.list(abortSignal) });
  protected readonly rows = computed(() => (this.devices.hasValue() ? this.devices.value() : []));
  private readonly names = computed(() => new Map(this.institutions().map((i) => [i.id, i.name])));
  protected readonly draft = signal(emptyDraft());
  protected readonly form = form(this.draft, deviceSchema);
  protected readonly formError = signal<unknown>(null);
  protected readonly actionError = signal<unknown>(null);
  protected readonly busy = signal<string | null>(null);
  /** A secret just issued: shown here once, never again. */
  protected readonly issued = signal<{ label: string; aeTitle: string; secret: string } | null>(null);

  protected institutionName(id: string): string {
    return this.names().get(id) ?? '';
  }

  protected async register(event: Event): Promise<void> {
    event.preventDefault();
    const fields = { institutionId: this.form.institutionId, aeTitle: this.form.aeTitle, address: this.form.address, label: this.form.label, region: this.form.region };
    await submitWithServerErrors(this.form, this.formError, fields, async () => {
      await this.api.register(toInput(this.draft()));
      this.draft.set(emptyDraft());
      this.form().reset();
      this.toasts.show({ key: 'devices.registered' });
      this.devices.reload();
    });
  }

  protected async issueSecret(device: DicomDevice): Promise<void> {
    if (device.dicomweb && !(await this.confirm.ask({ title: this.t('devices.replaceSecretTitle', { label: device.label }), body: this.t('devices.replaceSecretBody'), confirmLabel: this.t('devices.replaceSecret') }))) return;
    this.busy.set(device.id);
    this.actionError.set(null);
    try {
      this.issued.set({ label: device.label, aeTitle: device.aeTitle, secret: await this.api.issueSecret(device.id) });
      this.devices.reload();
    } catch (error) {
      this.actionError.set(error);
    } finally {
      this.busy.set(null);
    }
  }

  protected async deactivate(device: DicomDevice): Promise<void> {
    this.busy.set(device.id);
    this.actionError.set(null);
    try {
      await this.api.deactivate(device.id);
      this.devices.reload();
    } catch (error) {
      this.actionError.set(error);
    } finally {
      this.busy.set(null);
    }
  }
}
