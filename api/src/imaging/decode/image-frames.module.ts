import { Module } from '@nestjs/common';
import { ImageFrames } from './image-frames.service.js';

/** The decode pool and the kept frames, shared by imaging (uploads, views) and ai (pre-reads). */
@Module({
  providers: [ImageFrames],
  exports: [ImageFrames],
})
export class ImageFramesModule {}
