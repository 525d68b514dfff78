import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Lesion } from './lesion.entity.js';
import { ModelVersion } from './model-version.entity.js';

export enum PreReadStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  /** The region has no validated model: said plainly, never guessed. */
  NO_MODEL = 'NO_MODEL',
  /** The patient has not consented to AI processing. */
  NO_CONSENT = 'NO_CONSENT',
  /** The input check refused the image (errorCode NOT_ULTRASOUND, WRONG_REGION or UNSUPPORTED_MODE): no call. */
  REFUSED = 'REFUSED',
}
registerEnumType(PreReadStatus, { name: 'PreReadStatus' });

export enum MalignancyCall {
  BENIGN = 'BENIGN',
  MALIGNANT = 'MALIGNANT',
}
registerEnumType(MalignancyCall, { name: 'MalignancyCall' });

/**
 * The AI second opinion on one image. The row is the job: it is created QUEUED with the image, claimed by a
 * worker, and completed once; (image, model version) is unique, so a retried job can never write two results.
 */
@ObjectType()
@Entity('pre_read')
export class PreRead {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  imageId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  studyId: string;

  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;

  @Field(() => ModelVersion, { nullable: true, description: 'The model that produced this second opinion' })
  @ManyToOne(() => ModelVersion, { eager: true, nullable: true })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion: Relation<ModelVersion> | null;

  @Field(() => PreReadStatus)
  @Column({ type: 'varchar', length: 16 })
  status: PreReadStatus;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'real', nullable: true })
  malignancyProbability: number | null;

  @Field(() => Float, { nullable: true, description: 'Probability that any lesion is present (breast)' })
  @Column({ type: 'real', nullable: true })
  lesionProbability: number | null;

  @Field(() => MalignancyCall, { nullable: true, description: 'At the model card’s operating threshold' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  call: MalignancyCall | null;

  @Field(() => String, { nullable: true, description: 'BI-RADS or TI-RADS' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  categorySystem: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. 4A or TR4' })
  @Column({ type: 'varchar', length: 8, nullable: true })
  categoryValue: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  categoryLabel: string | null;

  @Field(() => [Lesion])
  @OneToMany(() => Lesion, (lesion) => lesion.preRead, { eager: true })
  lesions: Relation<Lesion[]>;

  @Field(() => String, { nullable: true, description: 'Stable code when the pre-read failed' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  errorCode: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  errorMessage: string | null;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  queuedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
