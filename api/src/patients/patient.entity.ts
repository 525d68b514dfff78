import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum Sex {
  F = 'F',
  M = 'M',
  O = 'O',
  U = 'U',
}
registerEnumType(Sex, { name: 'Sex', description: 'F, M, O (other) or U (unknown)' });

/** A person examined at a township centre. Belongs to the institution that registered them. */
@ObjectType()
@Entity('patient')
export class Patient {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  institutionId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => Sex)
  @Column({ type: 'varchar', length: 1 })
  sex: Sex;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Column({ type: 'date', nullable: true })
  birthDate: string | null;

  /** Encrypted (patient-contact.ts); the GraphQL field `nationalId` decrypts it. */
  @Column({ name: 'national_id', type: 'text', nullable: true })
  nationalIdSealed: string | null;

  /** Keyed HMAC of the normalised national id: uniqueness per institution and exact search. */
  @Column({ type: 'char', length: 64, nullable: true })
  nationalIdIndex: string | null;

  /** Encrypted; the GraphQL field `phone` decrypts it. */
  @Column({ name: 'phone', type: 'text', nullable: true })
  phoneSealed: string | null;

  /** Keyed HMAC of the phone's digits, for search. */
  @Column({ type: 'char', length: 64, nullable: true })
  phoneIndex: string | null;

  @Field(() => String, { nullable: true, description: 'Village and township of residence' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true, description: 'PatientID as scanners write it in DICOM, for matching uploads' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  dicomPatientId: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
