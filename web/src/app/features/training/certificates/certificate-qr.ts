import { Component, inject, input, resource } from '@angular/core';
import QRCode from 'qrcode';
import { I18n } from '../../../core/i18n/i18n.service';

/** The address where anyone can check a certificate, for a printed or shown certificate. */
export const verificationUrl = (code: string): string => `${location.origin}/verify/${encodeURIComponent(code)}`;

/** A QR code of the certificate's public verification address (the encoder comes with this screen's lazy chunk). */
@Component({
  selector: 'app-certificate-qr',
  template: `
    @if (image.hasValue()) {
      <img class="qr" [src]="image.value()" width="132" height="132" [alt]="t('training.certificates.qrAlt', { code: code() })" data-testid="certificate-qr" />
    }
  `,
  styles: `.qr { display: block; inline-size: 132px; block-size: 132px; image-rendering: pixelated; background: #fff; }`,
})
export class CertificateQr {
  readonly code = input.required<string>();
  protected readonly t = inject(I18n).t;
  protected readonly image = resource({
    params: () => this.code(),
    loader: ({ params }) => QRCode.toDataURL(verificationUrl(params), { margin: 1, width: 264, errorCorrectionLevel: 'M' }),
  });
}
