import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class LoadedModel {
  @Field(() => ID)
  modelVersionId: string;

  @Field({ description: 'Execution provider the session runs on (cuda or cpu)' })
  provider: string;

  @Field(() => Int)
  waiting: number;

  @Field(() => Int)
  batches: number;

  @Field(() => Int)
  items: number;

  @Field(() => Int)
  largestBatch: number;
}

@ObjectType()
export class InferenceStatus {
  @Field(() => [String], { description: 'Providers tried in order' })
  providers: string[];

  @Field(() => Int)
  maxBatch: number;

  @Field(() => Int)
  maxWaitMs: number;

  @Field(() => Int)
  maxQueue: number;

  @Field(() => Int, { description: 'Pre-reads queued or running' })
  queueDepth: number;

  @Field({ description: 'in-process, or workers (separate worker processes via Redis)' })
  mode: string;

  @Field(() => [LoadedModel])
  loaded: LoadedModel[];
}
