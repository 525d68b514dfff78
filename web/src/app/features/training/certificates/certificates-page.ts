import { Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { ListState } from '../../../shared/list-state/list-state';
import { PendingAction } from '../../../shared/pending-action';
import { RestClient } from '../../studies/rest-client';
import { certificateStatusLabel } from '../training-labels';
import type { Certificate } from '../training.models';
import { CertificatesApi } from './certificates.api';
import { CertificateQr, verificationUrl } from './certificate-qr';
import { saveFile } from '../../../shared/save-file';

/** My certificates: status, validity, the PDF, and the code (and QR) anyone can verify it with. */
@Component({
  selector: 'app-certificates-page',
  imports: [RouterLink, ListState, ErrorBanner, CertificateQr],
  templateUrl: './certificates-page.html',
  styleUrl: './certificates-page.css',
})
export class CertificatesPage {
  private readonly api = inject(CertificatesApi);
  private readonly rest = inject(RestClient);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly statusLabel = certificateStatusLabel;
  protected readonly verificationUrl = verificationUrl;

  protected readonly certificates = resource({ loader: ({ abortSignal }) => this.api.mine(abortSignal) });
  protected readonly rows = computed(() => (this.certificates.hasValue() ? [...this.certificates.value()].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)) : []));
  protected readonly download = new PendingAction();
  protected readonly renewal = new PendingAction();

  protected async renew(certificate: Certificate): Promise<void> {
    if (await this.renewal.run(() => this.api.renew(certificate.id))) this.certificates.reload();
  }

  /** The PDF needs the bearer token, so it is fetched and handed to the browser as a file. */
  protected async downloadPdf(certificate: Certificate): Promise<void> {
    await this.download.run(async () => {
      saveFile(await this.rest.download(certificate.pdfUrl, `certificate-${certificate.verificationCode}.pdf`));
    });
  }
}
