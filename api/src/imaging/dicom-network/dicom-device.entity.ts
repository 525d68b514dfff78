import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AnatomicalRegion } from '../anatomical-region.js';

/**
 * A scanner or PACS allowed to send images to an institution over DICOM. It is known by the calling AE title
 * it presents at association, and optionally by the address it connects from.
 */
@ObjectType()
@Entity('dicom_device')
export class DicomDevice {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field({ description: 'Calling AE title the device presents (1-16 characters)' })
  @Column({ type: 'varchar', length: 16 })
  aeTitle: string;

  @Field(() => String, { nullable: true, description: 'When set, associations from any other address are refused' })
  @Column({ type: 'varchar', length: 45, nullable: true })
  address: string | null;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Field(() => AnatomicalRegion, { description: 'Region of the studies it sends: it picks the pre-read model' })
  @Column({ type: 'varchar', length: 32 })
  region: AnatomicalRegion;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** SHA-256 of the secret it sends with STOW-RS (HTTP Basic, the AE title as user name); null: DIMSE only. */
  @Column({ type: 'char', length: 64, nullable: true })
  dicomwebSecretHash: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
}
