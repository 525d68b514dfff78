import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A referral agreement: consults from `fromInstitutionId` (a township centre or county hospital) are offered
 * to `toInstitutionId` (an urban hospital); `priority` orders partners for escalation (1 = first).
 */
@Entity('institution_partnership')
export class Partnership {
  @PrimaryColumn({ type: 'uuid' })
  fromInstitutionId: string;

  @PrimaryColumn({ type: 'uuid' })
  toInstitutionId: string;

  @Column({ type: 'smallint', default: 1 })
  priority: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
