import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import type { Locale } from '../../core/i18n/locale';
import type { Role } from '../../core/models/role';
import { type User, USER_FIELDS } from '../../core/models/user';

export interface UsersQuery {
  search?: string;
  institutionId?: string;
  role?: Role;
  active?: boolean;
  offset: number;
  limit: number;
}

export interface UserPage {
  items: User[];
  total: number;
}

export interface RoleInput {
  role: Role;
  institutionId: string;
}

export interface ProfileInput {
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
}

export interface NewUserInput extends ProfileInput {
  username: string;
  password: string;
  roles: RoleInput[];
}

const USER = `{ ${USER_FIELDS} }`;
const LIST = `query Users($filter: UsersFilter) { users(filter: $filter) { total items ${USER} } }`;
const CREATE = `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) ${USER} }`;
const UPDATE = `mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) ${USER} }`;
const SET_ACTIVE = `mutation SetUserActive($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) ${USER} }`;
const ASSIGN_ROLE = `mutation AssignRole($userId: ID!, $role: RoleInput!) { assignRole(userId: $userId, role: $role) ${USER} }`;
const REVOKE_ROLE = `mutation RevokeRole($userId: ID!, $role: RoleInput!) { revokeRole(userId: $userId, role: $role) ${USER} }`;
const RESET_PASSWORD = `mutation ResetUserPassword($input: ResetPasswordInput!) { resetUserPassword(input: $input) ${USER} }`;
const UNLOCK = `mutation UnlockUser($id: ID!) { unlockUser(id: $id) ${USER} }`;

/** Administration of people. Every mutation answers with the user as it is now. */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly api = inject(Api);

  async list(filter: UsersQuery, signal?: AbortSignal): Promise<UserPage> {
    return (await this.api.request<{ users: UserPage }>(LIST, { filter }, signal)).users;
  }

  async create(input: NewUserInput): Promise<User> {
    return (await this.api.request<{ createUser: User }>(CREATE, { input })).createUser;
  }

  async updateProfile(id: string, input: ProfileInput): Promise<User> {
    return (await this.api.request<{ updateUser: User }>(UPDATE, { input: { id, ...input } })).updateUser;
  }

  async setActive(id: string, active: boolean): Promise<User> {
    return (await this.api.request<{ setUserActive: User }>(SET_ACTIVE, { id, active })).setUserActive;
  }

  async assignRole(userId: string, role: RoleInput): Promise<User> {
    return (await this.api.request<{ assignRole: User }>(ASSIGN_ROLE, { userId, role })).assignRole;
  }

  async revokeRole(userId: string, role: RoleInput): Promise<User> {
    return (await this.api.request<{ revokeRole: User }>(REVOKE_ROLE, { userId, role })).revokeRole;
  }

  async resetPassword(userId: string, newPassword: string): Promise<User> {
    return (await this.api.request<{ resetUserPassword: User }>(RESET_PASSWORD, { input: { userId, newPassword } })).resetUserPassword;
  }

  async unlock(id: string): Promise<User> {
    return (await this.api.request<{ unlockUser: User }>(UNLOCK, { id })).unlockUser;
  }
}
