import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The trainee's current answer to one question of an attempt (autosaved; graded at submission). */
@Entity('exam_answer')
export class ExamAnswer {
  @PrimaryColumn({ type: 'uuid' })
  attemptId: string;

  @PrimaryColumn({ type: 'uuid' })
  questionId: string;

  @Column({ type: 'jsonb', nullable: true })
  options: number[] | null;

  @Column({ type: 'jsonb', nullable: true })
  point: number[] | null;

  @Column({ type: 'boolean', nullable: true })
  correct: boolean | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  savedAt: Date;
}
