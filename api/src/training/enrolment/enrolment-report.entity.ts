import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType()
export class EnrolmentRowError {
  @Field(() => Int, { description: 'Line of the CSV file, the header being line 1' })
  line: number;

  @Field()
  message: string;
}

/** The outcome of one CSV enrolment import. */
@ObjectType()
@Entity('enrolment_report')
export class EnrolmentReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Field(() => Int, { description: 'Data rows read (the header not counted)' })
  @Column({ type: 'int' })
  rows: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  enrolled: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  alreadyEnrolled: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  failed: number;

  @Field(() => [EnrolmentRowError])
  @Column({ type: 'jsonb', default: [] })
  errors: EnrolmentRowError[];

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
