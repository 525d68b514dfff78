import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { Consent } from './consent.entity.js';
import { ConsentState, PatientsFilter, RecordConsentInput, RegisterPatientInput } from './dto/patient.input.js';
import { Patient } from './patient.entity.js';
import { PatientsService } from './patients.service.js';

@Resolver(() => Patient)
export class PatientsResolver {
  constructor(private readonly service: PatientsService) {}

  @Mutation(() => Patient)
  registerPatient(@CurrentActor() actor: Actor, @Args('input') input: RegisterPatientInput): Promise<Patient> {
    return this.service.register(actor, input);
  }

  @Query(() => [Patient], { description: 'At most 100, newest first' })
  patients(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: PatientsFilter): Promise<Patient[]> {
    return this.service.search(actor, filter ?? {});
  }

  @Query(() => Patient)
  patient(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Patient> {
    return this.service.get(actor, id);
  }

  @Mutation(() => Consent, { description: 'Records a consent decision; withdrawing is recording granted=false' })
  recordConsent(@CurrentActor() actor: Actor, @Args('input') input: RecordConsentInput): Promise<Consent> {
    return this.service.recordConsent(actor, input);
  }

  @ResolveField(() => String, { nullable: true })
  nationalId(@Parent() patient: Patient): Promise<string | null> {
    return this.service.nationalIdOf(patient);
  }

  @ResolveField(() => String, { nullable: true })
  phone(@Parent() patient: Patient): Promise<string | null> {
    return this.service.phoneOf(patient);
  }

  @ResolveField(() => [ConsentState], { description: 'The decision in force for each purpose' })
  consents(@Parent() patient: Patient): Promise<ConsentState[]> {
    return this.service.consents(patient.id);
  }
}
