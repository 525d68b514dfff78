import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One SOP instance received over DICOM, stored once by SHA-256. With a study it has been filed; without one
 * it waits in the institution's unmatched inbox, and nothing about its patient is recorded until a doctor
 * confirms who it is. (institution, SOPInstanceUID) is unique: a resend is answered from here.
 */
@Entity('dicom_instance')
export class DicomInstance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'uuid' })
  deviceId: string;

  @Column({ type: 'varchar', length: 64 })
  sopInstanceUid: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  studyInstanceUid: string | null;

  @Column({ type: 'char', length: 64 })
  blobSha256: string;

  @Column({ type: 'uuid', nullable: true })
  studyId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
