import { DestroyRef, inject, Injectable } from '@angular/core';
import { type Client, createClient } from 'graphql-ws/client';
import { AuthService } from '../auth/auth.service';
import { PASSWORD_CHANGE_REQUIRED } from '../auth/session';
import { ApiError, type GraphqlErrorEntry, NETWORK_ERROR } from './api-error';
import { GRAPHQL_PATH } from './graphql-transport';

export interface SubscriptionHandlers<T> {
  next: (data: T) => void;
  error: (error: ApiError) => void;
  /** Called on every (re)connection, so a screen can show that it is live again. */
  connected?: () => void;
}

/**
 * GraphQL subscriptions over graphql-ws on the same origin. One socket, opened when the first
 * subscription starts and closed after the last one ends; it authenticates with a fresh access token
 * each time it connects.
 */
@Injectable({ providedIn: 'root' })
export class Subscriptions {
  private readonly auth = inject(AuthService);
  private client: Client | null = null;
  private connected = false;
  private readonly listeners = new Set<() => void>();

  constructor() {
    inject(DestroyRef).onDestroy(() => void this.client?.dispose());
  }

  /** Starts a subscription; returns the function that stops it. */
  subscribe<T>(query: string, handlers: SubscriptionHandlers<T>, variables?: Record<string, unknown>): () => void {
    if (handlers.connected) {
      this.listeners.add(handlers.connected);
      if (this.connected) handlers.connected();
    }
    const stop = this.socket().subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors?.length) handlers.error(this.seen(ApiError.fromEntry(result.errors[0] as GraphqlErrorEntry)));
          else if (result.data) handlers.next(result.data as T);
        },
        error: (error) => handlers.error(this.seen(toApiError(error))),
        complete: () => undefined,
      },
    );
    return () => {
      if (handlers.connected) this.listeners.delete(handlers.connected);
      stop();
    };
  }

  /** PASSWORD_CHANGE_REQUIRED sends the person to the change-password screen, as for every other call. */
  private seen(error: ApiError): ApiError {
    if (error.code === PASSWORD_CHANGE_REQUIRED) this.auth.requirePasswordChange();
    return error;
  }

  private socket(): Client {
    this.client ??= createClient({
      url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`,
      lazy: true,
      connectionParams: async () => ({ authorization: `Bearer ${await this.auth.accessToken()}` }),
      retryAttempts: 8,
      shouldRetry: () => this.auth.signedIn(),
      on: {
        connected: () => {
          this.connected = true;
          this.listeners.forEach((listener) => listener());
        },
        closed: () => (this.connected = false),
      },
    });
    return this.client;
  }
}

/** graphql-ws reports GraphQL errors as arrays and socket problems as CloseEvents or Errors. */
function toApiError(error: unknown): ApiError {
  if (Array.isArray(error) && error.length > 0) return ApiError.fromEntry(error[0] as GraphqlErrorEntry);
  if (error instanceof ApiError) return error;
  return new ApiError(NETWORK_ERROR, 'Live connection lost');
}
