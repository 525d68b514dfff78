import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideSignalFormsConfig } from '@angular/forms/signals';
import { provideRouter, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { I18n } from './core/i18n/i18n.service';
import { TranslatedTitleStrategy } from './core/i18n/translated-title.strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideSignalFormsConfig({ classes: { 'is-invalid': (field) => field.state().touched() && field.state().invalid() } }),
    // The person's language is loaded before the first screen (Chinese and Uyghur are separate downloads).
    provideAppInitializer(() => inject(I18n).start()),
    // A refresh token that survived the reload resumes the session before the first route is chosen.
    provideAppInitializer(() => inject(AuthService).restore()),
  ],
};
