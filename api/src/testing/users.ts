import type { TestApp } from './test-app.js';

/**
 * A new user created by an admin, signed in, and past the forced password change: the state a real
 * colleague is in on their second day. Returns their id and access token.
 */
export async function createSignedInUser(
  t: TestApp,
  adminToken: string,
  username: string,
  roles: Array<{ role: string; institutionId: string }>,
): Promise<{ id: string; token: string }> {
  const temporary = 'Temporary-pass-9';
  const created = await t.gql(
    'mutation($u: CreateUserInput!) { createUser(input: $u) { id } }',
    { u: { username, displayName: `Dr. ${username}`, password: temporary, roles } },
    adminToken,
  );
  if (!created.data) throw new Error(`createUser ${username} failed: ${JSON.stringify(created.errors)}`);
  const signedIn = await t.gql('mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }', { i: { username, password: temporary } });
  const token = signedIn.data!.signIn.accessToken as string;
  await t.gql('mutation($c: ChangePasswordInput!) { changeMyPassword(input: $c) { id } }', { c: { currentPassword: temporary, newPassword: 'Own-secret-2026x' } }, token);
  return { id: created.data.createUser.id as string, token };
}
