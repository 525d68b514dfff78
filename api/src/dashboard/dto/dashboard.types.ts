import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

@InputType()
export class DashboardFilter {
  @Field({ nullable: true, description: 'First month counted, YYYY-MM (UTC); 11 months before `toMonth` when left out' })
  @IsOptional()
  @Matches(MONTH, { message: 'fromMonth must be YYYY-MM' })
  fromMonth?: string;

  @Field({ nullable: true, description: 'Last month counted, YYYY-MM (UTC); the current month when left out' })
  @IsOptional()
  @Matches(MONTH, { message: 'toMonth must be YYYY-MM' })
  toMonth?: string;

  @Field(() => ID, { nullable: true, description: 'An institution and those under it; one outside my scope counts nothing' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @Field({ nullable: true, description: 'Only institutions of this prefecture (the region)' })
  @IsOptional()
  @MaxLength(100)
  prefecture?: string;
}

/** Median and 90th percentile of a duration, in minutes. */
@ObjectType()
export class Turnaround {
  @Field(() => Float)
  p50Minutes: number;

  @Field(() => Float)
  p90Minutes: number;
}

/** The figures of one institution: the drill-down behind every total. */
@ObjectType()
export class InstitutionFigures {
  @Field(() => ID)
  institutionId: string;

  @Field()
  name: string;

  @Field()
  prefecture: string;

  @Field(() => String, { nullable: true })
  county: string | null;

  @Field(() => Int)
  screenings: number;

  @Field(() => Int, { description: 'Screenings a pre-read called malignant' })
  aiPositive: number;

  @Field(() => Int)
  consults: number;

  @Field(() => Int, { description: 'Consults escalated for lack of a claim within OASIS_CONSULT_ESCALATE_MINUTES' })
  slaBreaches: number;

  @Field(() => Int)
  followUpsOpened: number;

  @Field(() => Int, { description: 'Closed with the follow-up done' })
  followUpsCompleted: number;

  @Field(() => Int, { description: 'Open and past due' })
  followUpsOverdue: number;

  @Field(() => Int, { description: 'Follow-ups with a malignant pathology result' })
  cancers: number;
}

@ObjectType()
export class MonthFigures {
  @Field({ description: 'YYYY-MM (UTC)' })
  month: string;

  @Field(() => Int)
  screenings: number;

  @Field(() => Int)
  aiPositive: number;
}

@ObjectType()
export class SessionAttendance {
  @Field(() => ID)
  sessionId: string;

  @Field()
  title: string;

  @Field()
  startsAt: Date;

  @Field(() => Int, { description: 'People who joined the session’s room' })
  attendees: number;
}

@ObjectType()
export class TrainingFigures {
  @Field(() => Int, { description: 'People holding a role at the institutions counted' })
  staff: number;

  @Field(() => Int, { description: 'Of them, those certified in the period' })
  staffTrained: number;

  @Field(() => Int, { description: 'Certificates held by them that are neither expired nor revoked' })
  certificatesValid: number;

  @Field(() => Int, { description: 'Of the valid ones, those expiring within 90 days' })
  certificatesExpiring: number;

  @Field(() => [SessionAttendance], { description: 'Live sessions of the institutions’ courses in the period, newest first (50 at most)' })
  sessions: SessionAttendance[];
}

/** The programme's figures over the institutions and months asked for, within the reader's scope. */
@ObjectType()
export class ProgrammeDashboard {
  @Field()
  fromMonth: string;

  @Field()
  toMonth: string;

  @Field(() => Date, { nullable: true, description: 'When screening counts were last brought up to date (every 5 minutes); null before the first pass' })
  refreshedAt: Date | null;

  @Field(() => Int)
  screenings: number;

  @Field(() => Int)
  aiPositive: number;

  @Field(() => Float, { nullable: true, description: 'aiPositive / screenings' })
  aiPositiveRate: number | null;

  @Field(() => Int)
  consults: number;

  @Field(() => Int)
  slaBreaches: number;

  @Field(() => Turnaround, { nullable: true, description: 'Request to claim, over consults claimed' })
  requestToClaim: Turnaround | null;

  @Field(() => Turnaround, { nullable: true, description: 'Claim to signature, over consults signed' })
  claimToSign: Turnaround | null;

  @Field(() => Turnaround, { nullable: true, description: 'Request to signature, over consults signed' })
  requestToSign: Turnaround | null;

  @Field(() => Int)
  followUpsOpened: number;

  @Field(() => Int)
  followUpsCompleted: number;

  @Field(() => Int)
  followUpsOverdue: number;

  @Field(() => Float, { nullable: true, description: 'Completed / opened' })
  followUpCompletionRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Median days from opening to a done biopsy referral or FNA' })
  daysToBiopsyMedian: number | null;

  @Field(() => Int)
  cancers: number;

  @Field(() => Float, { nullable: true, description: 'Cancers confirmed by pathology per 1,000 screenings' })
  cancersPer1000: number | null;

  @Field(() => TrainingFigures)
  training: TrainingFigures;

  @Field(() => [MonthFigures])
  months: MonthFigures[];

  @Field(() => [InstitutionFigures], { description: 'Per institution, most screenings first' })
  institutions: InstitutionFigures[];
}
