import { Module } from '@nestjs/common';
import { ImagingModule } from '../imaging/imaging.module.js';
import { PacsDestinationsService } from './pacs-destinations.service.js';
import { PacsOutbox } from './pacs-outbox.service.js';
import { PacsResolver } from './pacs.resolver.js';
import { PacsResults } from './pacs-results.js';

/** Results back to the hospital's PACS: destinations per institution, DICOM objects, the outbox. */
@Module({
  imports: [ImagingModule],
  providers: [PacsDestinationsService, PacsResolver, PacsResults, PacsOutbox],
})
export class PacsModule {}
