import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A course of a training institution: modules of lessons, a question bank, one exam, live sessions. */
@ObjectType()
@Entity('course')
export class Course {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The institution whose trainers author it' })
  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field()
  @Column({ type: 'varchar', length: 5000 })
  description: string;

  @Field(() => Float)
  @Column({ type: 'real' })
  creditHours: number;

  @Field()
  @Column({ type: 'boolean', default: false })
  published: boolean;

  @Field(() => Int)
  @Column({ type: 'int' })
  certificateValidMonths: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  requiredAttendanceMinutes: number;

  @Field({ description: 'Who signs its certificates; empty: the course’s author' })
  @Column({ type: 'varchar', length: 200, default: '' })
  certificateSignerName: string;

  @Field({ description: 'The signer’s title, e.g. "Director of training"' })
  @Column({ type: 'varchar', length: 200, default: '' })
  certificateSignerTitle: string;

  @Field(() => ID, { nullable: true, description: 'Staff of this institution and of those under it may enrol themselves; null: closed' })
  @Column({ type: 'uuid', nullable: true })
  selfEnrolInstitutionId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
