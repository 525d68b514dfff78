import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP authenticator: pending until a first code confirms it. */
@Entity('user_mfa')
export class UserMfa {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  /** Base32 secret; kept in its own column so encryption at rest can wrap it alone. */
  @Column({ type: 'text' })
  totpSecret: string;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** Time step of the last accepted code; a code of this step or older is a replay. */
  @Column({ type: 'bigint', nullable: true })
  lastTimeStep: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
