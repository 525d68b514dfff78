import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A refresh token its session has rotated away (SHA-256 only). Seen again, it revokes the session. */
@Entity('auth_refresh_token_retired')
export class RetiredRefreshToken {
  @PrimaryColumn({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  retiredAt: Date;
}
