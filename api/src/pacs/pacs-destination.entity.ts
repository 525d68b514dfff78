import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A hospital PACS that receives an institution's results (AI pre-reads, signed reports) by C-STORE or STOW-RS. */
@ObjectType()
@Entity('pacs_destination')
export class PacsDestination {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Field(() => String, { nullable: true, description: 'The called AE title of the PACS (DIMSE destinations)' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  aeTitle: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  host: string | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  port: number | null;

  @Field(() => String, { nullable: true, description: 'DICOMweb base URL results are stored to by STOW-RS (instead of C-STORE)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  dicomwebUrl: string | null;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Results finished before this have been queued (the outbox scan's watermark). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  scannedUntil: Date;
}
