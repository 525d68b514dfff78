import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AnatomicalRegion } from './anatomical-region.js';

/**
 * A resumable upload in progress (tus-style: create, then PATCH chunks at the offset the server reports).
 * Bytes land in a part file; only a complete, valid file becomes a blob and study images.
 */
@Entity('upload')
export class Upload {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for a DICOM import until the doctor confirms the patient (then the new study). */
  @Column({ type: 'uuid', nullable: true })
  studyId: string | null;

  @Column({ type: 'uuid' })
  institutionId: string;

  /** For a DICOM import: the anatomical region of the study to create. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  region: AnatomicalRegion | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ type: 'bigint' })
  length: string;

  @Column({ type: 'bigint', default: 0 })
  received: string;

  @Column({ type: 'char', length: 64, nullable: true })
  blobSha256: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Set while one request appends a chunk; a lease, so a request that died does not block the upload forever. */
  @Column({ type: 'timestamptz', nullable: true })
  appendingUntil: Date | null;

  /** Last chunk (or creation); the sweeper removes unfinished uploads idle for longer than OASIS_UPLOAD_IDLE_HOURS. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
