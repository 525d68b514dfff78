import { Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { UnfinishedUpload } from './dto/unfinished-upload.js';
import { UploadsService } from './uploads.service.js';

@Resolver()
export class UploadsResolver {
  constructor(private readonly uploads: UploadsService) {}

  @Query(() => [UnfinishedUpload], { description: 'My uploads into studies that have not finished, most recently active first' })
  myUnfinishedUploads(@CurrentActor() actor: Actor): Promise<UnfinishedUpload[]> {
    return this.uploads.unfinished(actor);
  }
}
