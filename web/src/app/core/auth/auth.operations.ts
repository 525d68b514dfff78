import { USER_FIELDS, type User } from '../models/user';

const AUTH_PAYLOAD = `accessToken accessTokenExpiresAt refreshToken user { ${USER_FIELDS} }`;

export const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { ${AUTH_PAYLOAD} } }`;
export const REFRESH_SESSION = `mutation RefreshSession($input: RefreshSessionInput!) { refreshSession(input: $input) { ${AUTH_PAYLOAD} } }`;
export const SIGN_OUT = 'mutation SignOut { signOut }';
/** The cheapest authenticated request: it tells the server the person is still at work (its idle timer). */
export const KEEP_ALIVE = 'query KeepAlive { me { id } }';
export const VERIFY_MFA = `mutation VerifyMfa($input: MfaCodeInput!) { verifyMfa(input: $input) { ${AUTH_PAYLOAD} } }`;
export const BEGIN_MFA_ENROLMENT = 'mutation BeginMfaEnrolment($input: MfaChallengeInput!) { beginMfaEnrolment(input: $input) { secret otpauthUri } }';
export const CONFIRM_MFA_ENROLMENT = `mutation ConfirmMfaEnrolment($input: MfaCodeInput!) { confirmMfaEnrolment(input: $input) { recoveryCodes session { ${AUTH_PAYLOAD} } } }`;

/** A new authenticator to add to an app: the QR code shows `otpauthUri`; `secret` is for typing by hand. */
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
}

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: User;
}
