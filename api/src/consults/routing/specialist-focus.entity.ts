import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';

/** One anatomical region a specialist reads. A specialist with none reads every region (a general radiologist). */
@Entity('specialist_focus')
export class SpecialistFocus {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  region: AnatomicalRegion;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
