import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum Recommendation {
  ROUTINE_FOLLOW_UP = 'ROUTINE_FOLLOW_UP',
  SHORT_INTERVAL_FOLLOW_UP = 'SHORT_INTERVAL_FOLLOW_UP',
  BIOPSY = 'BIOPSY',
  REFER = 'REFER',
}
registerEnumType(Recommendation, { name: 'Recommendation', description: 'BIOPSY covers fine-needle aspiration (FNA)' });

export enum Agreement {
  AGREE = 'AGREE',
  PARTLY = 'PARTLY',
  DISAGREE = 'DISAGREE',
  /** Only in agreement records: a lesion the specialist added where the AI found none (AI false negative). */
  MISSED = 'MISSED',
}
registerEnumType(Agreement, { name: 'Agreement', description: 'The specialist’s view of one AI finding' });

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
}
registerEnumType(ReportStatus, { name: 'ReportStatus' });

@ObjectType()
export class LesionAssessment {
  @Field(() => ID)
  lesionId: string;

  @Field(() => Agreement)
  agreement: Agreement;

  @Field(() => String, { nullable: true })
  note: string | null;
}

/** A lesion the specialist marked where the AI found none: a box on one image of the study, with a category. */
@ObjectType()
export class AddedLesion {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  imageId: string;

  @Field(() => Float)
  x: number;

  @Field(() => Float)
  y: number;

  @Field(() => Float)
  width: number;

  @Field(() => Float)
  height: number;

  @Field(() => String, { description: 'BI-RADS or TI-RADS value, as for the report' })
  category: string;

  @Field(() => String, { nullable: true })
  note: string | null;
}

/** A version of a specialist's structured second opinion; once signed it never changes (database trigger). */
@ObjectType()
@Entity('consult_report')
export class ConsultReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  consultId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  version: number;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  authorId: string;

  @Field(() => ReportStatus)
  @Column({ type: 'varchar', length: 8 })
  status: ReportStatus;

  @Field()
  @Column({ type: 'varchar', length: 5000, default: '' })
  findings: string;

  @Field()
  @Column({ type: 'varchar', length: 2000, default: '' })
  impression: string;

  @Field(() => Recommendation, { nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  recommendation: Recommendation | null;

  @Field(() => Int, { nullable: true, description: 'Follow-up interval in months' })
  @Column({ type: 'smallint', nullable: true })
  followUpMonths: number | null;

  @Field(() => String, { nullable: true, description: 'The specialist’s own category: BI-RADS or TI-RADS' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  categorySystem: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  categoryValue: string | null;

  @Field(() => [LesionAssessment])
  @Column({ type: 'jsonb', default: () => `'[]'` })
  lesionAssessments: LesionAssessment[];

  @Field(() => [AddedLesion], { description: 'Lesions the AI missed, marked by the specialist' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  addedLesions: AddedLesion[];

  @Field(() => Int, { description: 'Incremented by every draft save; a save names the revision it started from' })
  @Column({ type: 'int', default: 0 })
  revision: number;

  @Field(() => Int, { nullable: true, description: 'The draft revision the last preview PDF shows' })
  @Column({ type: 'int', nullable: true })
  previewRevision: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  previewAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Content hash of the last preview; signing must name it' })
  @Column({ type: 'char', length: 64, nullable: true })
  previewContentHash: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  previewPdfSha256: string | null;

  @Field(() => String, { nullable: true, description: 'Language of the signed PDF (zh, ug or en)' })
  @Column({ type: 'varchar', length: 2, nullable: true })
  language: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the signed content; printed on the PDF' })
  @Column({ type: 'char', length: 64, nullable: true })
  contentHash: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'char', length: 64, nullable: true })
  pdfSha256: string | null;
}
