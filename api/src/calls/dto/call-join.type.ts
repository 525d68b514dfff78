import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A TURN relay for the browser, with credentials made for this join (coturn REST API scheme)' })
export class IceServerType {
  @Field(() => [String])
  urls: string[];

  @Field({ nullable: true, description: '<expiry unix time>:<user id>' })
  username?: string;

  @Field({ nullable: true, description: 'base64 HMAC-SHA1 of the username with the secret shared with coturn' })
  credential?: string;

  @Field(() => Date, { nullable: true, description: 'After this the relay refuses new allocations with these credentials' })
  expiresAt?: Date;
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

  @Field(() => [IceServerType], { description: 'Empty when no TURN relay is configured' })
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
