import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { QuestionKind } from '../training-enums.js';

/**
 * One item of a course's question bank. The key (correct options, lesion box, explanation) has no GraphQL
 * field here: trainees never see it; trainers read it through `questionKeys`.
 */
@ObjectType()
@Entity('question')
export class Question {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  courseId: string;

  @Field(() => QuestionKind)
  @Column({ type: 'varchar', length: 16 })
  kind: QuestionKind;

  @Field()
  @Column({ type: 'varchar', length: 4000 })
  stem: string;

  @Field(() => [String], { description: 'Empty for MARK_LESION' })
  @Column({ type: 'jsonb', default: [] })
  options: string[];

  @Column({ type: 'jsonb', default: [] })
  correctOptions: number[];

  /** [x0, y0, x1, y1] in image pixels (MARK_LESION). */
  @Column({ type: 'jsonb', nullable: true })
  lesionBox: number[] | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'varchar', length: 4000, default: '' })
  explanation: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
