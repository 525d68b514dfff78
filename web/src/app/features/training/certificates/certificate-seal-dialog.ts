import { Component, computed, inject, input, output, resource } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { Dialog } from '../../../shared/dialog/dialog';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { ProtectedMedia } from '../media/protected-media';
import { CertificatesApi } from './certificates.api';

/**
 * An institution's seal for the certificates its courses issue: shown, replaced by an image the admin picks,
 * or removed. Certificates already issued keep the seal they were issued with.
 */
@Component({
  selector: 'app-certificate-seal-dialog',
  imports: [Dialog, ErrorBanner, ProtectedMedia],
  template: `
    <app-dialog [title]="t('training.seal.title', { name: institution().name })" (closed)="closed.emit()">
      <p class="muted">{{ t('training.seal.help') }}</p>
      @if (action.error(); as error) {
        <app-error-banner [error]="error" />
      }
      @if (seal.error(); as error) {
        <app-error-banner [error]="error" [retryable]="true" (retry)="seal.reload()" />
      } @else if (seal.hasValue()) {
        @if (seal.value(); as current) {
          <div class="seal" data-testid="seal-current" [attr.data-width]="current.width">
            <app-protected-media [src]="imageSrc()!" [alt]="t('training.seal.alt', { name: institution().name })" />
          </div>
        } @else {
          <p data-testid="seal-none">{{ t('training.seal.none') }}</p>
        }
      }
      <div class="row-actions">
        <label class="button button--primary">
          {{ t(seal.value() ? 'training.seal.replace' : 'training.seal.choose') }}
          <input type="file" class="visually-hidden" accept="image/png,image/jpeg" [disabled]="action.busy()" (change)="choose($event)" data-testid="seal-file" />
        </label>
        @if (seal.value()) {
          <button type="button" class="button button--danger" [disabled]="action.busy()" (click)="remove()" data-testid="seal-remove">{{ t('training.seal.remove') }}</button>
        }
      </div>
    </app-dialog>
  `,
  styles: `.seal { max-inline-size: 12rem; margin-block: 0.75rem; background: repeating-conic-gradient(#eee 0% 25%, #fff 0% 50%) 0 0 / 16px 16px; }`,
})
export class CertificateSealDialog {
  readonly institution = input.required<{ id: string; name: string }>();
  readonly closed = output<void>();

  private readonly api = inject(CertificatesApi);
  protected readonly t = inject(I18n).t;
  protected readonly action = new PendingAction();
  protected readonly seal = resource({ params: () => this.institution().id, loader: ({ params, abortSignal }) => this.api.seal(params, abortSignal) });
  /** A new seal has a new setAt: the image is fetched again. */
  protected readonly imageSrc = computed(() => {
    const current = this.seal.hasValue() ? this.seal.value() : null;
    return current ? `${current.imageUrl}?v=${encodeURIComponent(current.setAt)}` : null;
  });

  protected async choose(event: Event): Promise<void> {
    const picker = event.target as HTMLInputElement;
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    const saved = await this.action.run(() => this.api.setSeal(this.institution().id, file));
    if (saved) this.seal.set(saved);
  }

  protected async remove(): Promise<void> {
    const done = await this.action.run(async () => {
      await this.api.removeSeal(this.institution().id);
      return true;
    });
    if (done) this.seal.set(null);
  }
}
