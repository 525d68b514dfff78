import { Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import type { MessageKey } from '../../core/i18n/messages/en';
import type { ModelStatus, ModelVersion } from '../../core/models/model-version';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { ListState } from '../../shared/list-state/list-state';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';
import { cardFacts, type Metric } from './model-card';
import { ModelsApi } from './models.api';
import { MonitoringApi } from './monitoring.api';

const STATUS_ORDER: Record<ModelStatus, number> = { ACTIVE: 0, AVAILABLE: 1, RETIRED: 2 };

/** The AI models: versions per region, what each card says about it, activation (admins), and the engine. */
@Component({
  selector: 'app-models-page',
  imports: [ListState, ErrorBanner, RouterLink],
  templateUrl: './models-page.html',
  styleUrl: './models-page.css',
})
export class ModelsPage {
  private readonly api = inject(ModelsApi);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regionLabel = regionLabel;
  protected readonly isAdmin = inject(AuthService).isAdmin;

  protected readonly overview = resource({ loader: ({ abortSignal }) => this.api.overview(abortSignal) });
  protected readonly versions = computed(() =>
    (this.overview.hasValue() ? this.overview.value().modelVersions : [])
      .map((version) => ({ version, facts: cardFacts(version.card) }))
      .sort((a, b) => a.version.region.localeCompare(b.version.region) || STATUS_ORDER[a.version.status] - STATUS_ORDER[b.version.status]),
  );
  private readonly monitoring = inject(MonitoringApi);
  /** Admins: the sites where a model's agreement or sensitivity alert fired (monitoring page). */
  protected readonly alerts = resource({ params: () => this.isAdmin() || undefined, loader: ({ abortSignal }) => this.monitoring.alerts(abortSignal) });
  protected readonly alertSites = computed(() => (this.alerts.hasValue() ? [...new Set(this.alerts.value().map((a) => a.institutionName))].join(', ') : ''));
  protected readonly engine = computed(() => (this.overview.hasValue() ? this.overview.value().inferenceStatus : null));
  protected readonly activation = new PendingAction();

  protected statusKey(status: ModelStatus): MessageKey {
    return `models.status.${status}`;
  }

  protected metricKey(name: Metric['name']): MessageKey {
    return `models.metric.${name}`;
  }

  /** Rates as percentages; the AUC as the customary 0–1 number. */
  protected metricValue(name: Metric['name'], value: number): string {
    return name === 'auc' ? this.i18n.number(Math.round(value * 1000) / 1000) : `${this.i18n.number(Math.round(value * 1000) / 10)} %`;
  }

  /** The card's SVG figures as images (an <img> never runs script inside an SVG). */
  protected svgUrl(svg: string): string {
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }

  protected loadedFor(version: ModelVersion) {
    return this.engine()?.loaded.find((l) => l.modelVersionId === version.id) ?? null;
  }

  protected async activate(version: ModelVersion): Promise<void> {
    const confirmed = await this.confirm.ask({
      title: this.t('models.activateTitle', { region: this.t(regionLabel(version.region)), version: version.version }),
      body: this.t('models.activateBody'),
      confirmLabel: this.t('common.activate'),
    });
    if (!confirmed) return;
    const activated = await this.activation.run(() => this.api.activate(version.id));
    if (!activated) return;
    this.toasts.show({ key: 'models.activated', params: { version: activated.version } });
    this.overview.reload();
  }
}
