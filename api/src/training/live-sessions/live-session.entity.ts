import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A scheduled live training session; its media room is `training:<id>`. */
@ObjectType()
@Entity('live_session')
export class LiveSession {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  courseId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field()
  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Field(() => Int)
  @Column({ type: 'int' })
  durationMinutes: number;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  presenterId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
