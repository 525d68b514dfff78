import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class IceServerType {
  @Field(() => [String])
  urls: string[];

  @Field({ nullable: true })
  username?: string;

  @Field({ nullable: true })
  credential?: string;
}

@ObjectType({ description: 'What a browser needs to enter a media room: a single-use token and where to present it' })
export class CallJoin {
  @Field({ description: 'Signed, single-use, valid for about a minute' })
  token: string;

  @Field({ description: 'WebSocket URL of the media service' })
  signallingUrl: string;

  @Field({ description: 'consult:<id> or training:<id>' })
  room: string;

  @Field({ description: 'participant, presenter or viewer' })
  role: string;

  @Field(() => [IceServerType])
  iceServers: IceServerType[];
}

@ObjectType({ description: 'Someone started or joined the video call of a consult I take part in' })
export class CallInvitation {
  @Field(() => ID)
  consultId: string;

  @Field()
  room: string;

  @Field()
  fromName: string;

  @Field()
  at: Date;
}

@ObjectType({ description: 'The video call of a consult, from the media service’s own join/leave reports' })
export class CallSummary {
  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Null while someone is still connected' })
  endedAt: Date | null;

  @Field(() => Int)
  participants: number;
}
