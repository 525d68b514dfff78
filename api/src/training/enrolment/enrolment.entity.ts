import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EnrolmentStatus } from '../training-enums.js';

/** A trainee on a course, with the cohort they were enrolled in (one per institution, usually). */
@Entity('enrolment')
export class Enrolment {
  @PrimaryColumn({ type: 'uuid' })
  courseId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cohort: string | null;

  @Column({ type: 'varchar', length: 12, default: EnrolmentStatus.ENROLLED })
  status: EnrolmentStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  enrolledAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
