import { Component, computed, DestroyRef, type ElementRef, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { IdleLogout } from '../core/auth/idle-logout.service';
import { LocalePreference } from '../core/auth/locale-preference';
import { I18n } from '../core/i18n/i18n.service';
import { roleLabel } from '../core/i18n/labels';
import type { Locale } from '../core/i18n/locale';
import { IncomingCalls } from '../features/live/incoming-calls';
import { LanguageSwitch } from '../shared/language-switch/language-switch';
import { activeNavItem, NAV_ITEMS } from './nav-items';

/**
 * The signed-in frame: top bar with the user menu, role-aware navigation, the idle sign-out warning,
 * and the routed screen. While the password is a temporary one, only the language and sign-out remain.
 */
@Component({
  selector: 'app-shell',
  host: {
    '(document:click)': 'closeMenuOutside($event)',
    '(document:keydown.escape)': 'closeMenu(true)',
  },
  imports: [RouterOutlet, RouterLink, LanguageSwitch, IncomingCalls],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
})
export class Shell {
  protected readonly auth = inject(AuthService);
  protected readonly idle = inject(IdleLogout);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  private readonly localePreference = inject(LocalePreference);
  private readonly router = inject(Router);

  protected readonly forced = this.auth.mustChangePassword;
  protected readonly menuOpen = signal(false);
  /** The screen the menu was opened on: the change-password screen returns there. */
  protected readonly menuReturnUrl = signal('/');
  private readonly userMenu = viewChild<ElementRef<HTMLElement>>('userMenu');

  protected readonly navItems = computed(() => {
    const user = this.auth.user();
    return NAV_ITEMS.filter((item) => !item.roles || user?.roles.some((r) => item.roles!.includes(r.role)));
  });

  private readonly url = toSignal(
    this.router.events.pipe(
      filter((e) => e instanceof NavigationEnd),
      map((e) => e.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );
  /** One highlighted item at a time (routerLinkActive would mark both Training and Certificates on /training/certificates). */
  protected readonly activeItem = computed(() => activeNavItem(this.navItems(), this.url()));

  protected readonly roleSummary = computed(() =>
    (this.auth.user()?.roles ?? []).map((r) => this.t('roleAt', { role: this.t(roleLabel(r.role)), institution: r.institution.name })).join(' · '),
  );

  constructor() {
    inject(DestroyRef).onDestroy(this.idle.watch());
  }

  protected toggleMenu(): void {
    this.menuReturnUrl.set(this.router.url);
    this.menuOpen.update((open) => !open);
  }

  /** Escape returns focus to the menu button. */
  protected closeMenu(refocus = false): void {
    if (!this.menuOpen()) return;
    this.menuOpen.set(false);
    if (refocus) this.userMenu()?.nativeElement.querySelector('button')?.focus();
  }

  protected closeMenuOutside(event: Event): void {
    if (this.menuOpen() && !this.userMenu()?.nativeElement.contains(event.target as Node)) this.menuOpen.set(false);
  }

  protected languageChanged(locale: Locale): void {
    void this.localePreference.save(locale);
  }

  protected signOut(): void {
    void this.auth.signOut();
  }
}
