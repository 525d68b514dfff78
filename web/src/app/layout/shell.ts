import { Component, computed, DestroyRef, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { IdleLogout } from '../core/auth/idle-logout.service';
import { LocalePreference } from '../core/auth/locale-preference';
import { I18n } from '../core/i18n/i18n.service';
import { roleLabel } from '../core/i18n/labels';
import type { Locale } from '../core/i18n/locale';
import { LanguageSwitch } from '../shared/language-switch/language-switch';
import { NAV_ITEMS } from './nav-items';

/** The signed-in frame: top bar, role-aware navigation, the idle sign-out warning, and the routed screen. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, LanguageSwitch],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
})
export class Shell {
  protected readonly auth = inject(AuthService);
  protected readonly idle = inject(IdleLogout);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  private readonly localePreference = inject(LocalePreference);

  protected readonly navItems = computed(() => {
    const user = this.auth.user();
    return NAV_ITEMS.filter((item) => !item.role || user?.roles.some((r) => r.role === item.role));
  });

  protected readonly roleSummary = computed(() =>
    (this.auth.user()?.roles ?? []).map((r) => this.t('roleAt', { role: this.t(roleLabel(r.role)), institution: r.institution.name })).join(' · '),
  );

  constructor() {
    inject(DestroyRef).onDestroy(this.idle.watch());
  }

  protected languageChanged(locale: Locale): void {
    void this.localePreference.save(locale);
  }

  protected signOut(): void {
    void this.auth.signOut();
  }
}
