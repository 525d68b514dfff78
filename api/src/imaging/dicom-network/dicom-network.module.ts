import { Module } from '@nestjs/common';
import { ImageFramesModule } from '../decode/image-frames.module.js';
import { ImagingModule } from '../imaging.module.js';
import { DicomDevicesResolver } from './dicom-devices.resolver.js';
import { DicomDevicesService } from './dicom-devices.service.js';
import { DicomInboxResolver } from './dicom-inbox.resolver.js';
import { DicomInboxService } from './dicom-inbox.service.js';
import { DicomIngestService } from './dicom-ingest.service.js';
import { DicomReceiver } from './dicom-receiver.service.js';
import { DicomWebController } from './dicomweb.controller.js';
import { DicomWebReader } from './dicomweb-reader.service.js';
import { StowReceiver } from './stow-receiver.service.js';

/** Images straight from the scanner: registered devices, the Storage SCP and STOW-RS, filing what they receive, and QIDO-RS/WADO-RS. */
@Module({
  imports: [ImagingModule, ImageFramesModule],
  controllers: [DicomWebController],
  providers: [DicomDevicesService, DicomDevicesResolver, DicomIngestService, DicomReceiver, DicomInboxService, DicomInboxResolver, StowReceiver, DicomWebReader],
})
export class DicomNetworkModule {}
