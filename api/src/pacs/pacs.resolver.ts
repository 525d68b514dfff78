import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { RegisterPacsDestinationInput } from './dto/pacs-destination.input.js';
import { PacsDestination } from './pacs-destination.entity.js';
import { PacsDestinationsService } from './pacs-destinations.service.js';
import { PacsSend } from './pacs-send.entity.js';

@Resolver()
export class PacsResolver {
  constructor(private readonly destinations: PacsDestinationsService) {}

  @Query(() => [PacsDestination], { description: 'The PACS that receive results, in your tree or one institution of it' })
  pacsDestinations(@CurrentActor() actor: Actor, @Args('institutionId', { type: () => ID, nullable: true }, new ParseUUIDPipe({ optional: true })) institutionId?: string): Promise<PacsDestination[]> {
    return this.destinations.list(actor, institutionId);
  }

  @Mutation(() => PacsDestination, { description: "Sends the institution's AI pre-reads (SR + overlay capture) and signed reports (PDF) to a PACS by C-STORE" })
  registerPacsDestination(@CurrentActor() actor: Actor, @Args('input') input: RegisterPacsDestinationInput): Promise<PacsDestination> {
    return this.destinations.register(actor, input);
  }

  @Mutation(() => PacsDestination, { description: 'Stops sending to the PACS; what is queued for it stays queued' })
  deactivatePacsDestination(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<PacsDestination> {
    return this.destinations.deactivate(actor, id);
  }

  @Query(() => [PacsSend], { description: "What of a study was sent to, or is queued for, its institution's PACS" })
  studyPacsSends(@CurrentActor() actor: Actor, @Args('studyId', { type: () => ID }, ParseUUIDPipe) studyId: string): Promise<PacsSend[]> {
    return this.destinations.sendsOf(actor, studyId);
  }
}
