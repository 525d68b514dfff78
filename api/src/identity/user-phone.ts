import type { FieldCipher } from '../encryption/field-cipher.js';

/** Data key of the app_user table's encrypted column. */
export const USER_KEY = 'app_user';

/** A user's phone as stored: encrypted and bound to their id (nobody searches users by phone, so no index). */
export const sealUserPhone = (cipher: FieldCipher, userId: string, phone: string | null | undefined) =>
  cipher.sealText(USER_KEY, phone?.trim() || null, `app_user.phone:${userId}`);

export const openUserPhone = (cipher: FieldCipher, userId: string, sealed: string | null) => cipher.openText(sealed, `app_user.phone:${userId}`);
