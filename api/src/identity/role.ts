import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  TOWNSHIP_DOCTOR = 'TOWNSHIP_DOCTOR',
  SPECIALIST = 'SPECIALIST',
  TRAINER = 'TRAINER',
  TRAINEE = 'TRAINEE',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role' });

export const ALL_ROLES: readonly Role[] = Object.values(Role);
