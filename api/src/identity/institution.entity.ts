import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum InstitutionType {
  TOWNSHIP_HEALTH_CENTRE = 'TOWNSHIP_HEALTH_CENTRE',
  COUNTY_HOSPITAL = 'COUNTY_HOSPITAL',
  URBAN_HOSPITAL = 'URBAN_HOSPITAL',
  TRAINING_INSTITUTE = 'TRAINING_INSTITUTE',
}
registerEnumType(InstitutionType, { name: 'InstitutionType' });

/**
 * A health centre, hospital or institute. `parentId` forms the administrative tree
 * (regional hospital > county hospital > township centre): an admin manages their institution's subtree.
 */
@ObjectType()
@Entity('institution')
export class Institution {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Short unique code, e.g. KS-TWN-01' })
  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => InstitutionType)
  @Column({ type: 'varchar', length: 32 })
  type: InstitutionType;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  prefecture: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  county: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** IANA zone for times printed for this institution (signed reports). */
  @Column({ type: 'varchar', length: 64, default: 'Asia/Shanghai' })
  timeZone: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
