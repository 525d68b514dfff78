import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A hospital PACS that receives an institution's results (AI pre-reads, signed reports) by DICOM C-STORE. */
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

  @Field({ description: 'The called AE title of the PACS' })
  @Column({ type: 'varchar', length: 16 })
  aeTitle: string;

  @Field()
  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  port: number;

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
