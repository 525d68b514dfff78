import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { Study } from '../study.entity.js';
import { DicomInboxService } from './dicom-inbox.service.js';
import { DicomInboxEntry, ResolveDicomInboxInput } from './dto/dicom-inbox.input.js';

@Resolver()
export class DicomInboxResolver {
  constructor(private readonly inbox: DicomInboxService) {}

  @Query(() => [DicomInboxEntry], { description: 'Images from scanners waiting for a doctor to say who the patient is' })
  dicomInbox(@CurrentActor() actor: Actor, @Args('institutionId', { type: () => ID, nullable: true }, new ParseUUIDPipe({ optional: true })) institutionId?: string): Promise<DicomInboxEntry[]> {
    return this.inbox.list(actor, institutionId);
  }

  @Mutation(() => Study, { description: 'Files an inbox entry (every instance of its study) for the confirmed or newly registered patient' })
  resolveDicomInbox(@CurrentActor() actor: Actor, @Args('input') input: ResolveDicomInboxInput): Promise<Study> {
    return this.inbox.resolve(actor, input);
  }
}
