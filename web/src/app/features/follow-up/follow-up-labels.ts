import type { MessageKey } from '../../core/i18n/messages/en';
import type { FollowUpAction, FollowUpCase, FollowUpOutcome, FollowUpWhen, PathologyResult } from './follow-up.api';

/** Message keys of the follow-up enums, typed so a missing translation fails the build. */
export const FOLLOW_UP_LABELS = {
  action: (a: FollowUpAction): MessageKey => `followUp.action.${a}`,
  outcome: (o: FollowUpOutcome): MessageKey => `followUp.outcome.${o}`,
  pathology: (p: PathologyResult): MessageKey => `followUp.pathology.${p}`,
  source: (s: FollowUpCase['source']): MessageKey => `followUp.source.${s}`,
  tab: (w: FollowUpWhen): MessageKey => `followUp.tab.${w}`,
  empty: (w: FollowUpWhen): MessageKey => `followUp.empty.${w}`,
};
