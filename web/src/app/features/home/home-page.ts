import { Component, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import { roleLabel } from '../../core/i18n/labels';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { HomeApi } from './home.api';

@Component({
  selector: 'app-home-page',
  imports: [RouterLink, ErrorBanner],
  templateUrl: './home-page.html',
  styleUrl: './home-page.css',
})
export class HomePage {
  protected readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly roleLabel = roleLabel;
  private readonly api = inject(HomeApi);

  /** Only administrators see the counts (and only they may read the user list). */
  protected readonly counts = resource({
    params: () => (this.auth.isAdmin() ? true : undefined),
    loader: ({ abortSignal }) => this.api.counts(abortSignal),
  });
}
