import { inject, Injectable } from '@angular/core';
import { Api } from '../graphql/api';
import type { Locale } from '../i18n/locale';
import { USER_FIELDS, type User } from '../models/user';
import { AuthService } from './auth.service';

const UPDATE_LOCALE = `mutation SaveLocale($input: UpdateUserInput!) { updateUser(input: $input) { ${USER_FIELDS} } }`;

/** Remembers a language chosen while signed in on the person's profile, so the next sign-in uses it anywhere. */
@Injectable({ providedIn: 'root' })
export class LocalePreference {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);

  async save(locale: Locale): Promise<void> {
    const user = this.auth.user();
    // With a temporary password the API answers nothing else; the change-password screen saves it afterwards.
    if (!user || user.locale === locale || user.mustChangePassword) return;
    try {
      const { updateUser } = await this.api.request<{ updateUser: User }>(UPDATE_LOCALE, { input: { id: user.id, locale } });
      this.auth.updateUser(updateUser);
    } catch {
      /* the choice still holds in this browser */
    }
  }
}
