import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { ApiError } from '../graphql/api-error';
import { GraphqlTransport } from '../graphql/graphql-transport';
import type { Role } from '../models/role';
import type { User } from '../models/user';
import { accessTokenLifetimeMs, refreshLeadMs } from './access-token-lifetime';
import {
  type AuthPayload,
  BEGIN_MFA_ENROLMENT,
  CONFIRM_MFA_ENROLMENT,
  KEEP_ALIVE,
  type MfaEnrolment,
  REFRESH_SESSION,
  SIGN_IN,
  SIGN_OUT,
  VERIFY_MFA,
} from './auth.operations';
import { REFRESH_TOKEN_KEY, RefreshTokenStore } from './refresh-token-store';
import { withRefreshLock } from './refresh-lock';
import { CHANGE_PASSWORD_PATH, hasRole, type Session, SESSION_ENDING_CODES, type SessionEndReason } from './session';

const RETRY_AFTER_NETWORK_ERROR_MS = 15_000;

/**
 * The signed-in session: sign-in, refresh before the access token expires (rotating the refresh
 * token every time), sign-out, and the way back to the sign-in page when the session ends.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly transport = inject(GraphqlTransport);
  private readonly store = inject(RefreshTokenStore);
  private readonly router = inject(Router);

  private readonly session = signal<Session | null>(null);
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<string> | null = null;
  /** Bumped when a session ends, so a refresh that was already on its way cannot revive it. */
  private generation = 0;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly signedIn = computed(() => this.session() !== null);
  readonly isAdmin = computed(() => hasRole(this.user(), 'ADMIN'));
  /** The password was set by an administrator: nothing but choosing a new one (or signing out) until it is changed. */
  readonly mustChangePassword = computed(() => this.user()?.mustChangePassword ?? false);
  /** Why the last session ended when the person did not ask for it; the sign-in page explains it. */
  readonly endReason = signal<SessionEndReason | null>(null);

  constructor() {
    // Signing out in another tab removes the shared refresh token: follow it here.
    window.addEventListener('storage', (event) => {
      if ((event.key === REFRESH_TOKEN_KEY || event.key === null) && event.newValue === null && this.session()) this.end('signed-out');
    });
  }

  hasRole(role: Role): boolean {
    return hasRole(this.user(), role);
  }

  async signIn(username: string, password: string): Promise<User> {
    const { signIn } = await this.transport.execute<{ signIn: AuthPayload }>(SIGN_IN, { input: { username, password } });
    this.endReason.set(null);
    this.begin(signIn);
    return signIn.user;
  }

  /** Second step after MFA_REQUIRED: the code (or a recovery code) for the challenge the password earned. */
  async verifyMfa(challenge: string, code: string): Promise<User> {
    const { verifyMfa } = await this.transport.execute<{ verifyMfa: AuthPayload }>(VERIFY_MFA, { input: { challenge, code } });
    this.begin(verifyMfa);
    return verifyMfa.user;
  }

  /** After MFA_ENROLMENT_REQUIRED: a new authenticator secret, not yet in force. */
  async beginMfaEnrolment(challenge: string): Promise<MfaEnrolment> {
    const { beginMfaEnrolment } = await this.transport.execute<{ beginMfaEnrolment: MfaEnrolment }>(BEGIN_MFA_ENROLMENT, { input: { challenge } });
    return beginMfaEnrolment;
  }

  /** Its first code confirms the authenticator and starts the session; the recovery codes are shown once. */
  async confirmMfaEnrolment(challenge: string, code: string): Promise<{ user: User; recoveryCodes: string[] }> {
    const { confirmMfaEnrolment } = await this.transport.execute<{ confirmMfaEnrolment: { recoveryCodes: string[]; session: AuthPayload } }>(
      CONFIRM_MFA_ENROLMENT,
      { input: { challenge, code } },
    );
    this.begin(confirmMfaEnrolment.session);
    return { user: confirmMfaEnrolment.session.user, recoveryCodes: confirmMfaEnrolment.recoveryCodes };
  }

  /** At start-up: resume the session whose refresh token survived the reload, if it still works. */
  async restore(): Promise<void> {
    if (!this.store.read()) return;
    await this.refresh().catch(() => undefined);
  }

  /** A usable access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const session = this.session();
    if (!session) throw new ApiError('UNAUTHENTICATED', 'Not signed in');
    if (session.accessTokenExpiresAt - Date.now() > 10_000) return session.accessToken;
    return this.refresh();
  }

  /** Exchanges the refresh token for a new pair; concurrent callers share one exchange. */
  refresh(): Promise<string> {
    this.refreshing ??= withRefreshLock(() => this.rotate()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * Keyboard, mouse or touch activity without requests (reading a report): the server's idle timeout counts
   * only requests, so say so. A failure changes nothing here; the next real request meets it.
   */
  async keepAlive(): Promise<void> {
    const token = await this.accessToken().catch(() => null);
    if (token) await this.transport.execute(KEEP_ALIVE, undefined, { token }).catch(() => undefined);
  }

  /** Ends the session on the server (best effort) and here. */
  async signOut(reason: SessionEndReason = 'signed-out'): Promise<void> {
    const token = await this.accessToken().catch(() => null);
    if (token) await this.transport.execute(SIGN_OUT, undefined, { token }).catch(() => undefined);
    this.end(reason);
  }

  /** Forgets the session locally and returns to the sign-in page. */
  end(reason: SessionEndReason): void {
    const wasSignedIn = this.session() !== null;
    this.generation += 1;
    clearTimeout(this.refreshTimer);
    this.session.set(null);
    this.store.clear();
    // A late failure after the person already left (e.g. a request still on its way) changes nothing.
    if (!wasSignedIn) return;
    this.endReason.set(reason === 'signed-out' ? null : reason);
    void this.router.navigate(['/sign-in']);
  }

  /**
   * The server answered PASSWORD_CHANGE_REQUIRED: remember it for this session and go to the
   * change-password screen, which brings the person back here afterwards.
   */
  requirePasswordChange(): void {
    const session = this.session();
    if (!session) return;
    if (!session.user.mustChangePassword) this.session.set({ ...session, user: { ...session.user, mustChangePassword: true } });
    const here = this.router.url;
    if (here.startsWith(CHANGE_PASSWORD_PATH)) return;
    void this.router.navigate([CHANGE_PASSWORD_PATH], { queryParams: { returnUrl: here } });
  }

  /** Takes in a newer copy of the signed-in person (after they or an admin changed the profile or roles). */
  updateUser(user: User): void {
    this.session.update((session) => (session && session.user.id === user.id ? { ...session, user } : session));
  }

  private async rotate(): Promise<string> {
    const generation = this.generation;
    // Read inside the lock: another tab may have rotated the token a moment ago.
    const refreshToken = this.store.read();
    if (!refreshToken) {
      this.end('expired');
      throw new ApiError('SESSION_REVOKED', 'No session to refresh');
    }
    try {
      const { refreshSession } = await this.transport.execute<{ refreshSession: AuthPayload }>(REFRESH_SESSION, { input: { refreshToken } });
      if (generation !== this.generation) throw new ApiError('SESSION_REVOKED', 'Signed out while refreshing');
      this.begin(refreshSession);
      return refreshSession.accessToken;
    } catch (error) {
      const apiError = ApiError.from(error);
      if (SESSION_ENDING_CODES.has(apiError.code)) {
        if (generation === this.generation) this.end('expired');
      } else if (this.session()) {
        this.scheduleRefresh(RETRY_AFTER_NETWORK_ERROR_MS);
      }
      throw apiError;
    }
  }

  private begin(payload: AuthPayload): void {
    const lifetime = accessTokenLifetimeMs(payload.accessToken, payload.accessTokenExpiresAt);
    this.store.write(payload.refreshToken);
    this.session.set({ user: payload.user, accessToken: payload.accessToken, accessTokenExpiresAt: Date.now() + lifetime });
    this.scheduleRefresh(Math.max(lifetime - refreshLeadMs(lifetime), 1_000));
  }

  private scheduleRefresh(delayMs: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh().catch(() => undefined), delayMs);
  }
}
