import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CertificateStatus } from '../training-enums.js';

/** A course certificate. What it states is fixed at issue; status follows revocation and expiry. */
@ObjectType()
@Entity('certificate')
export class Certificate {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  holderName: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  institutionName: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  courseTitle: string;

  @Field(() => String, { nullable: true, description: 'The issuing institution (the course’s)' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  issuerName: string | null;

  @Field(() => String, { nullable: true, description: 'Who signed for the issuer; null on certificates issued before signers were recorded' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  signerName: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  signerTitle: string | null;

  /** The issuer's seal when it was issued (certificate_seal), printed on the PDF; null without one. */
  @Column({ type: 'char', length: 64, nullable: true })
  sealSha256: string | null;

  @Field(() => Float)
  @Column({ type: 'real' })
  creditHours: number;

  @Field()
  @Column({ type: 'varchar', length: 48, unique: true })
  verificationCode: string;

  @Field()
  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  revokedReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy: string | null;

  @Field(() => ID, { nullable: true, description: 'The certificate that renewed this one' })
  @Column({ type: 'uuid', nullable: true })
  supersededBy: string | null;

  @Field(() => ID, { nullable: true, description: 'The certificate this one renews' })
  @Column({ type: 'uuid', nullable: true })
  renewsId: string | null;

  @Field(() => CertificateStatus)
  get status(): CertificateStatus {
    return certificateStatus(this);
  }

  @Field({ description: 'GET with Authorization: Bearer' })
  get pdfUrl(): string {
    return `/certificates/${this.id}.pdf`;
  }
}

export function certificateStatus(c: Pick<Certificate, 'revokedAt' | 'expiresAt'>, now = new Date()): CertificateStatus {
  if (c.revokedAt) return CertificateStatus.REVOKED;
  return c.expiresAt.getTime() <= now.getTime() ? CertificateStatus.EXPIRED : CertificateStatus.VALID;
}
