import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { QuestionKind, QuestionState } from '../training-enums.js';

/**
 * One version of an item of a course's question bank (edits write a new version; attempts keep theirs). The key (correct options, lesion box, explanation) has no GraphQL
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

  @Field(() => ID, { description: 'The question across its versions: every version of one question shares it' })
  @Column({ type: 'uuid' })
  lineageId: string;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => QuestionState)
  @Column({ type: 'varchar', length: 10, default: QuestionState.CURRENT })
  state: QuestionState;

  @Field(() => Int, { description: 'Order in the bank (trainers); the exam draws at random' })
  @Column({ type: 'int' })
  position: number;

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
