import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';

const MIN_LENGTH = 10;
const COMMON = new Set(['password123', '1234567890', 'qwertyuiop', 'password1234', 'admin12345', 'oasis12345', 'abcdefghij']);

/** argon2id with OWASP's recommended cost (19 MiB, 2 passes), stored as a self-describing PHC string. */
@Injectable()
export class PasswordService {
  private readonly options = { type: argon2.argon2id as 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  /** Verified against when the user does not exist, so unknown and known names take equally long. */
  private readonly decoy = argon2.hash('decoy-password-never-matches', this.options);

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }

  /** Throws WEAK_PASSWORD with the reason a person can act on. */
  assertStrong(password: string, username: string): void {
    const reasons: string[] = [];
    if (password.length < MIN_LENGTH) reasons.push(`at least ${MIN_LENGTH} characters`);
    if (password.length > 200) reasons.push('at most 200 characters');
    if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) reasons.push('both letters and digits');
    if (password.toLowerCase().includes(username.toLowerCase())) reasons.push('must not contain the username');
    if (COMMON.has(password.toLowerCase())) reasons.push('must not be a common password');
    if (reasons.length > 0) {
      throw new AppError(ErrorCode.WEAK_PASSWORD, `Password needs: ${reasons.join('; ')}`, { reasons });
    }
  }
}
