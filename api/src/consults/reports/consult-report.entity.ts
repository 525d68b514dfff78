import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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
