import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { type User, USER_FIELDS } from '../../core/models/user';

const CHANGE_MY_PASSWORD = `mutation ChangeMyPassword($input: ChangePasswordInput!) { changeMyPassword(input: $input) { ${USER_FIELDS} } }`;

@Injectable({ providedIn: 'root' })
export class ChangePasswordApi {
  private readonly api = inject(Api);

  /** Allowed even while the password is a temporary one; answers with the person as they are now. */
  async change(currentPassword: string, newPassword: string): Promise<User> {
    return (await this.api.request<{ changeMyPassword: User }>(CHANGE_MY_PASSWORD, { input: { currentPassword, newPassword } })).changeMyPassword;
  }
}
