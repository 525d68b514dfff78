import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module.js';
import { AiResolver } from '../ai/ai.resolver.js';
import { RoutingModule } from '../consults/routing/routing.module.js';
import { ImageFramesModule } from './decode/image-frames.module.js';
import { DicomImportResolver } from './dicom-import.resolver.js';
import { DicomImportService } from './dicom-import.service.js';
import { ImagesController } from './images.controller.js';
import { StudiesResolver } from './studies.resolver.js';
import { StudiesService } from './studies.service.js';
import { StudyImagesWriter } from './study-images.writer.js';
import { UploadsController } from './uploads.controller.js';
import { UploadSweeper } from './upload-sweeper.service.js';
import { UploadsResolver } from './uploads.resolver.js';
import { UploadsService } from './uploads.service.js';

@Module({
  imports: [AiModule, RoutingModule, ImageFramesModule],
  controllers: [UploadsController, ImagesController],
  providers: [StudiesService, StudiesResolver, UploadsService, UploadsResolver, UploadSweeper, StudyImagesWriter, DicomImportService, DicomImportResolver, AiResolver],
  exports: [StudiesService, StudyImagesWriter, DicomImportService],
})
export class ImagingModule {}
