import { Injectable } from '@angular/core';

export const REFRESH_TOKEN_KEY = 'oasis.refreshToken';

/**
 * The refresh token survives reloads in localStorage; the access token never leaves memory.
 * Storage can be unavailable (private mode, policy): then the session simply does not survive a reload.
 */
@Injectable({ providedIn: 'root' })
export class RefreshTokenStore {
  read(): string | null {
    try {
      return localStorage.getItem(REFRESH_TOKEN_KEY);
    } catch {
      return null;
    }
  }

  write(token: string): void {
    try {
      localStorage.setItem(REFRESH_TOKEN_KEY, token);
    } catch {
      /* not persisted */
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      /* nothing stored */
    }
  }
}
