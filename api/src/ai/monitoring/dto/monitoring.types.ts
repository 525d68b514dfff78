import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';

@InputType()
export class MonitoringFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  modelVersionId?: string;

  @Field(() => ID, { nullable: true, description: 'A site of my tree; one outside it answers an empty list' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

/** A proportion with its Wilson 95 % interval. */
@ObjectType()
export class Proportion {
  @Field(() => Int)
  successes: number;

  @Field(() => Int)
  n: number;

  @Field(() => Float)
  value: number;

  @Field(() => Float)
  lower: number;

  @Field(() => Float)
  upper: number;
}

/** Area under the ROC curve of the model's malignancy probability against pathology, with its 95 % interval. */
@ObjectType()
export class Auc {
  @Field(() => Float)
  value: number;

  @Field(() => Float)
  lower: number;

  @Field(() => Float)
  upper: number;

  @Field(() => Int, { description: 'Lesions with pathology (benign or malignant) it is computed on' })
  n: number;
}

/** The same figures for the studies one scanner sent to a site (deviceId null: uploaded, scanner not known). */
@ObjectType()
export class ScannerMonitoring {
  @Field(() => ID, { nullable: true })
  deviceId: string | null;

  @Field(() => String, { nullable: true, description: 'The registered device’s label (model, manufacturer as the admin named it)' })
  label: string | null;

  @Field(() => Int)
  lesions: number;

  @Field(() => Proportion, { nullable: true })
  agreement: Proportion | null;

  @Field({ description: 'The agreement rule fired on this scanner’s lesions alone' })
  alert: boolean;

  @Field(() => Proportion, { nullable: true })
  sensitivity: Proportion | null;

  @Field(() => Auc, { nullable: true })
  auc: Auc | null;
}

/** How one model version does at one site (the institution that examined the patients). */
@ObjectType()
export class SiteMonitoring {
  @Field(() => ID)
  modelVersionId: string;

  @Field()
  modelVersion: string;

  @Field()
  region: string;

  @Field(() => ID)
  institutionId: string;

  @Field()
  institutionName: string;

  @Field(() => Int, { description: 'Lesions assessed by specialists in signed reports (latest version of each)' })
  lesions: number;

  @Field(() => Proportion, { nullable: true, description: 'Share of assessed lesions where the specialist agreed with the AI' })
  agreement: Proportion | null;

  @Field(() => Int, { description: 'Lesions the specialist added where the AI found none (AI false negatives)' })
  missed: number;

  @Field(() => Float, { description: 'The CUSUM statistic after the last lesion; the site is flagged at cusumLimit' })
  cusum: number;

  @Field(() => Float)
  cusumLimit: number;

  @Field({ description: 'The agreement alert rule fired (see docs/architecture.md, Model monitoring)' })
  alert: boolean;

  @Field(() => Int, { nullable: true, description: 'How many lesions had been assessed when it fired' })
  alertAfterLesions: number | null;

  @Field(() => Date, { nullable: true })
  alertAt: Date | null;

  @Field(() => Proportion, { nullable: true, description: 'Of pathology-malignant lesions, those the AI called malignant' })
  sensitivity: Proportion | null;

  @Field(() => Proportion, { nullable: true, description: 'Of pathology-benign lesions, those the AI did not call malignant' })
  specificity: Proportion | null;

  @Field(() => Auc, { nullable: true })
  auc: Auc | null;

  @Field({ description: 'Sensitivity is below sensitivityBound with 95 % confidence (the upper end of its interval is below it)' })
  sensitivityAlert: boolean;

  @Field(() => Float, { description: 'OASIS_MONITORING_SENSITIVITY_MIN, 0-1' })
  sensitivityBound: number;

  @Field(() => [Float], { description: 'The CUSUM statistic after each assessed lesion, in order: the control chart' })
  chart: number[];

  @Field(() => [ScannerMonitoring], { description: 'Per scanner that sent studies to the site' })
  scanners: ScannerMonitoring[];
}
