import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { AnatomicalRegion } from './anatomical-region.js';
import { StudyImage } from './study-image.entity.js';

/** The images of one ultrasound examination of one anatomical region. */
@ObjectType()
@Entity('study')
export class Study {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patientId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field(() => AnatomicalRegion)
  @Column({ type: 'varchar', length: 32 })
  region: AnatomicalRegion;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  studyInstanceUid: string | null;

  @Field(() => Number, { nullable: true, description: 'mm per pixel stated by the uploader, for PNG/JPEG without calibration' })
  @Column({ type: 'double precision', nullable: true })
  uploaderMmPerPixel: number | null;

  @Field(() => [StudyImage])
  @OneToMany(() => StudyImage, (image) => image.study)
  images: Relation<StudyImage[]>;

  @Field(() => ID, { nullable: true, description: 'Who created it; null when a registered device (deviceId) sent it' })
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Field(() => ID, { nullable: true, description: 'The scanner or PACS whose DICOM sends created the study' })
  @Column({ type: 'uuid', nullable: true })
  deviceId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
