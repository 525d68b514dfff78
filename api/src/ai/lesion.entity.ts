import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PreRead } from './pre-read.entity.js';

/** One suspected lesion: where it is in pixels and, when the image is calibrated, in millimetres. */
@ObjectType()
@Entity('lesion')
export class Lesion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  preReadId: string;

  @ManyToOne(() => PreRead, (preRead) => preRead.lesions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pre_read_id' })
  preRead: Relation<PreRead>;

  @Field(() => Int, { description: '0 = the model’s primary finding' })
  @Column({ type: 'int' })
  index: number;

  @Field(() => Float)
  @Column({ type: 'real' })
  x: number;

  @Field(() => Float)
  @Column({ type: 'real' })
  y: number;

  @Field(() => Float)
  @Column({ type: 'real' })
  width: number;

  @Field(() => Float)
  @Column({ type: 'real' })
  height: number;

  @Field(() => Float, { nullable: true, description: 'Box width in mm; null when the image has no calibration' })
  @Column({ type: 'real', nullable: true })
  widthMm: number | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'real', nullable: true })
  heightMm: number | null;

  @Field(() => Float, { nullable: true, description: 'Longest diameter of the box in mm' })
  @Column({ type: 'real', nullable: true })
  maxDiameterMm: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 24, nullable: true })
  calibrationSource: string | null;

  @Field(() => Float)
  @Column({ type: 'real' })
  probability: number;
}
