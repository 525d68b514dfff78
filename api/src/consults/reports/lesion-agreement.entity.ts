import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Agreement } from './consult-report.entity.js';

/** Specialist vs AI on one lesion, from a signed report: what model monitoring counts. */
@Entity('lesion_agreement')
export class LesionAgreement {
  @PrimaryColumn({ type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ type: 'uuid' })
  lesionId: string;

  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;

  @Column({ type: 'varchar', length: 32 })
  region: string;

  @Column({ type: 'varchar', length: 8 })
  agreement: Agreement;

  /** For MISSED: the image the specialist marked, and their category for it. */
  @Column({ type: 'uuid', nullable: true })
  imageId: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  category: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
