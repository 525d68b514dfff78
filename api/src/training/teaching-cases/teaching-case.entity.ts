import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PathologyResult } from '../../follow-up/follow-up-lesion.entity.js';

/** A teaching case's own media path and nothing else: the id is a UUID, the path has no other segment. */
const MEDIA_PATH = /^\/training-media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Where a teaching case's de-identified image is served: what course material links to. */
export const teachingMediaPath = (id: string): string => `/training-media/${id}`;

/** The teaching case a link is the mediaUrl of, or null for any other link. */
export const teachingCaseIdOf = (url: string): string | null => MEDIA_PATH.exec(url)?.[1] ?? null;

/** A de-identified copy of one study image (or of a picture imported with a question bank); course material shows only this copy. */
@ObjectType()
@Entity('teaching_case')
export class TeachingCase {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The study image it was made from; null for a picture imported with a question bank file. */
  @Column({ type: 'uuid', nullable: true })
  sourceImageId: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  /** The cleaned frame as a PNG: what /training-media/:id serves. */
  @Column({ type: 'char', length: 64 })
  pngSha256: string;

  /** The de-identified DICOM file, when the source was DICOM. */
  @Column({ type: 'char', length: 64, nullable: true })
  dicomSha256: string | null;

  @Field(() => ID, { nullable: true, description: 'The follow-up case whose pathology outcome confirmed the diagnosis (never the patient)' })
  @Column({ type: 'uuid', nullable: true })
  followUpCaseId: string | null;

  @Field(() => PathologyResult, { nullable: true, description: 'The diagnosis confirmed by pathology, for cases made from a follow-up outcome' })
  @Column({ type: 'varchar', length: 12, nullable: true })
  confirmedDiagnosis: PathologyResult | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  width: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  height: number;

  @Field({ description: 'How it was de-identified' })
  @Column({ type: 'varchar', length: 300 })
  method: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'Authenticated GET of the de-identified image (PNG)' })
  get mediaUrl(): string {
    return teachingMediaPath(this.id);
  }
}
