import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLJSON } from '../common/json.scalar.js';
import { AnatomicalRegion } from '../imaging/anatomical-region.js';

export enum ModelStatus {
  AVAILABLE = 'AVAILABLE',
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}
registerEnumType(ModelStatus, { name: 'ModelStatus' });

/** A model found under models/<region>/<version>/. At most one version per region is ACTIVE. */
@ObjectType()
@Entity('model_version')
export class ModelVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => AnatomicalRegion)
  @Column({ type: 'varchar', length: 32 })
  region: AnatomicalRegion;

  @Field()
  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Field({ description: 'SHA-256 of model.onnx when registered; a changed file is refused' })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Field(() => GraphQLJSON, { description: 'The model card: data, intended use, exclusions, metrics, threshold' })
  @Column({ type: 'jsonb' })
  card: Record<string, unknown>;

  @Field(() => ModelStatus)
  @Column({ type: 'varchar', length: 16 })
  status: ModelStatus;

  @Field(() => String, { nullable: true, description: 'Why the file could not be loaded, when it could not' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  loadError: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  activatedBy: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  registeredAt: Date;
}
