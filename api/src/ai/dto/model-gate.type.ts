import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One site of a release gate: the AUC lower bound on its val split against the minimum' })
export class ModelGateSite {
  @Field()
  site: string;

  @Field(() => Float, { nullable: true, description: 'Lower 95% bound of the AUC; null when the card has no figures for the site' })
  aucLow: number | null;

  @Field()
  passed: boolean;
}

@ObjectType({ description: 'Whether a model version meets the minimum its card declares; one that does not gives no benign/malignant call' })
export class ModelGate {
  @Field()
  passed: boolean;

  @Field(() => Float, { nullable: true })
  minimum: number | null;

  @Field(() => [ModelGateSite])
  sites: ModelGateSite[];

  @Field(() => [String], { description: 'Why the version fails, one line per problem' })
  reasons: string[];
}
