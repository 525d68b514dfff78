import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { DicomImportService } from './dicom-import.service.js';
import { DicomImportPreview, ImportDicomInput } from './dto/dicom-import.input.js';
import { Study } from './study.entity.js';

@Resolver()
export class DicomImportResolver {
  constructor(private readonly imports: DicomImportService) {}

  @Query(() => DicomImportPreview, { description: 'The patient named in an imported DICOM file and the registered patients it matches' })
  dicomImport(@CurrentActor() actor: Actor, @Args('uploadId', { type: () => ID }, ParseUUIDPipe) uploadId: string): Promise<DicomImportPreview> {
    return this.imports.preview(actor, uploadId);
  }

  @Mutation(() => Study, { description: 'After the doctor confirms the patient: creates the study, its images and pre-reads' })
  importDicomUpload(@CurrentActor() actor: Actor, @Args('input') input: ImportDicomInput): Promise<Study> {
    return this.imports.import(actor, input);
  }
}
