import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GraphQLJSON } from '../common/json.scalar.js';
import type { Calibration } from './calibration.js';
import { Study } from './study.entity.js';

/** One frame of an uploaded file (a multi-frame DICOM gives several). The file itself is a stored blob. */
@ObjectType()
@Entity('study_image')
export class StudyImage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  studyId: string;

  @ManyToOne(() => Study, (study) => study.images)
  @JoinColumn({ name: 'study_id' })
  study: Relation<Study>;

  @Field({ description: 'SHA-256 of the uploaded file' })
  @Column({ type: 'char', length: 64 })
  blobSha256: string;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  frameIndex: number;

  /** The frame kept as a grayscale PNG blob at upload (decode once); null for images stored before. */
  @Column({ type: 'char', length: 64, nullable: true })
  framePngSha256: string | null;

  /** The frame's model input planes (model-planes.ts) kept as a blob at upload; null for images stored before. */
  @Column({ type: 'char', length: 64, nullable: true })
  modelInputSha256: string | null;

  /** Share of clearly coloured pixels in the decoded frame (the kept PNG is grey); null for images stored before. */
  @Column({ type: 'real', nullable: true })
  colourFraction: number | null;

  @Field({ description: 'dicom, png or jpeg' })
  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  width: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  height: number;

  @Field(() => GraphQLJSON, { description: 'Where mm come from: pixel-spacing, ultrasound-regions, uploader or none' })
  @Column({ type: 'jsonb' })
  calibration: Calibration;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
