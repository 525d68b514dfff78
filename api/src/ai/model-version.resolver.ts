import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Field, Float, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ModelGate } from './dto/model-gate.type.js';
import type { ModelCard } from './inference/model-card.js';
import { gateOf } from './model-gate.js';
import { ModelRegistryService } from './model-registry.service.js';
import { ModelVersion } from './model-version.entity.js';
import { PreRead } from './pre-read.entity.js';

@ObjectType({ description: 'A figure of the model card (SVG written by npm run models:eval beside the card)' })
export class ModelFigure {
  @Field({ description: 'roc or reliability' })
  kind: string;

  @Field()
  svg: string;
}

const cardOf = (version: ModelVersion) => version.card as unknown as ModelCard;

@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  constructor(private readonly registry: ModelRegistryService) {}

  @ResolveField(() => ModelGate, { description: 'Release gate: validated (passed) or experimental, and why' })
  gate(@Parent() version: ModelVersion): ModelGate {
    return gateOf(version);
  }

  @ResolveField(() => Float, { description: 'The card’s operating threshold for the malignancy probability' })
  operatingThreshold(@Parent() version: ModelVersion): number {
    return cardOf(version).operatingThreshold.value;
  }

  @ResolveField(() => [ModelFigure], { description: 'Per-site ROC curves and the reliability diagram, where evaluated' })
  async figures(@Parent() version: ModelVersion): Promise<ModelFigure[]> {
    const names = (cardOf(version).metrics?.figures ?? {}) as Record<string, unknown>;
    const figures: ModelFigure[] = [];
    for (const kind of ['roc', 'reliability']) {
      const file = names[kind];
      if (typeof file !== 'string') continue;
      // only a file name beside the card, never a path out of the model folder
      const svg = await readFile(join(this.registry.directoryOf(version), basename(file)), 'utf8').catch(() => null);
      if (svg?.startsWith('<svg')) figures.push({ kind, svg });
    }
    return figures;
  }
}

@Resolver(() => PreRead)
export class PreReadResolver {
  @ResolveField(() => Boolean, { description: 'Made by a model that does not meet its release gate: no benign/malignant call' })
  experimental(@Parent() preRead: PreRead): boolean {
    return preRead.modelVersion ? !gateOf(preRead.modelVersion).passed : false;
  }
}
