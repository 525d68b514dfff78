import { inject, Injectable } from '@angular/core';
import { AuthService } from '../auth/auth.service';
import { PASSWORD_CHANGE_REQUIRED, SESSION_ENDING_CODES } from '../auth/session';
import { ApiError } from './api-error';
import { GraphqlTransport } from './graphql-transport';

/**
 * GraphQL for signed-in screens: attaches the bearer token; when the server says the token expired,
 * refreshes once and retries; when the session is over, returns to the sign-in page; when the person
 * must first replace a temporary password, goes to the change-password screen.
 */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly transport = inject(GraphqlTransport);
  private readonly auth = inject(AuthService);

  async request<T>(query: string, variables?: object, signal?: AbortSignal): Promise<T> {
    try {
      return await this.transport.execute<T>(query, variables, { token: await this.auth.accessToken(), signal });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'TOKEN_EXPIRED') {
        const token = await this.auth.refresh();
        return this.transport.execute<T>(query, variables, { token, signal });
      }
      if (SESSION_ENDING_CODES.has(error.code)) this.auth.end('expired');
      else if (error.code === PASSWORD_CHANGE_REQUIRED) this.auth.requirePasswordChange();
      throw error;
    }
  }
}
