export const ROLES = ['ADMIN', 'SPECIALIST', 'TOWNSHIP_DOCTOR', 'TRAINER', 'TRAINEE'] as const;
export type Role = (typeof ROLES)[number];
