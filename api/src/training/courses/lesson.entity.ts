import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LessonKind } from '../training-enums.js';

@ObjectType()
@Entity('lesson')
export class Lesson {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  moduleId: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => LessonKind)
  @Column({ type: 'varchar', length: 8 })
  kind: LessonKind;

  @Field(() => Int)
  @Column({ type: 'int' })
  position: number;

  @Field({ description: 'Plain text with light markdown' })
  @Column({ type: 'varchar', length: 20000 })
  body: string;

  @Field(() => String, { nullable: true, description: 'Image or video URL, e.g. /training-media/<teachingCaseId>' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  mediaUrl: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  teachingCaseId: string | null;
}
