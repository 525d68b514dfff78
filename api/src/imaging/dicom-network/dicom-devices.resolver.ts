import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { DicomDevice } from './dicom-device.entity.js';
import { DicomDevicesService } from './dicom-devices.service.js';
import { RegisterDicomDeviceInput } from './dto/dicom-device.input.js';

@Resolver(() => DicomDevice)
export class DicomDevicesResolver {
  constructor(private readonly devices: DicomDevicesService) {}

  @Query(() => [DicomDevice], { description: 'Scanners and PACS allowed to send DICOM, in your tree or one institution of it' })
  dicomDevices(@CurrentActor() actor: Actor, @Args('institutionId', { type: () => ID, nullable: true }, new ParseUUIDPipe({ optional: true })) institutionId?: string): Promise<DicomDevice[]> {
    return this.devices.list(actor, institutionId);
  }

  @Mutation(() => DicomDevice, { description: 'Allows a device to send to an institution (by its calling AE title, optionally its address)' })
  registerDicomDevice(@CurrentActor() actor: Actor, @Args('input') input: RegisterDicomDeviceInput): Promise<DicomDevice> {
    return this.devices.register(actor, input);
  }

  @Mutation(() => String, { description: 'A new secret for the device to send by STOW-RS (HTTP Basic: AE title and this secret). Shown once; the previous one stops working' })
  issueDicomwebSecret(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<string> {
    return this.devices.issueDicomwebSecret(actor, id);
  }

  @ResolveField(() => Boolean, { description: 'Whether the device has a STOW-RS secret (it may send by DICOMweb)' })
  dicomweb(@Parent() device: DicomDevice): boolean {
    return Boolean(device.dicomwebSecretHash);
  }

  @Mutation(() => DicomDevice, { description: 'Refuses further associations from the device; what it sent stays' })
  deactivateDicomDevice(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<DicomDevice> {
    return this.devices.deactivate(actor, id);
  }
}
