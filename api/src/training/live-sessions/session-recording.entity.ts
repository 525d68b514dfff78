import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A stretch missing from a recording because the recorder died and was restarted' })
export class RecordingGap {
  @Field(() => GraphQLISODateTime)
  from: string;

  @Field(() => GraphQLISODateTime)
  to: string;

  @Field()
  reason: string;
}

/** A recorded live session, watched as a lesson at `videoUrl` (the WebM is in the blob store). */
@ObjectType()
@Entity('session_recording')
export class SessionRecording {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  liveSessionId: string;

  @Column({ type: 'varchar', length: 64 })
  blobSha256: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  byteSize: number;

  @Field()
  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Field()
  @Column({ type: 'timestamptz' })
  stoppedAt: Date;

  @Field(() => [RecordingGap])
  @Column({ type: 'jsonb', default: [] })
  gaps: RecordingGap[];

  @Column({ type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Int, { description: 'Wall-clock seconds from start to stop (gaps included)' })
  get durationSeconds(): number {
    return Math.round((this.stoppedAt.getTime() - this.startedAt.getTime()) / 1000);
  }

  @Field(() => Int, { description: 'How many stretches are missing (FFmpeg restarts): the list is `gaps`' })
  get gapCount(): number {
    return this.gaps.length;
  }

  @Field({ description: 'The video (WebM, byte ranges for seeking); every view is audited' })
  get videoUrl(): string {
    return `/training-recordings/${this.id}.webm`;
  }
}
