import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('lesson_completion')
export class LessonCompletion {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'uuid' })
  lessonId: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  completedAt: Date;
}
