import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** PIPL asks for separate, explicit consent per purpose of processing health data. */
export enum ConsentPurpose {
  AI_PROCESSING = 'AI_PROCESSING',
  REMOTE_SHARING = 'REMOTE_SHARING',
}
registerEnumType(ConsentPurpose, { name: 'ConsentPurpose' });

/**
 * One consent decision, as recorded. Decisions are never edited: a withdrawal is a new row with
 * `granted = false`, so the history shows what held when.
 */
@ObjectType()
@Entity('patient_consent')
export class Consent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patientId: string;

  @Field(() => ConsentPurpose)
  @Column({ type: 'varchar', length: 32 })
  purpose: ConsentPurpose;

  @Field()
  @Column({ type: 'boolean' })
  granted: boolean;

  @Field({ description: 'How it was given: written, verbal (witnessed), guardian' })
  @Column({ type: 'varchar', length: 32 })
  method: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  recordedBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
