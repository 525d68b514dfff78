import { Field, Float, ID, ObjectType } from '@nestjs/graphql';

/** A file the person began sending into a study and did not finish: paused, cut off, or left when the page closed. */
@ObjectType()
export class UnfinishedUpload {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  studyId: string;

  @Field(() => String, { nullable: true })
  fileName: string | null;

  @Field(() => Float, { description: 'Bytes announced' })
  length: number;

  @Field(() => Float, { description: 'Bytes the server holds: picking the same file again resumes from here' })
  received: number;

  @Field({ description: 'Last chunk received (the upload is removed after OASIS_UPLOAD_IDLE_HOURS without one)' })
  updatedAt: Date;
}
