import { FollowUpAction } from './follow-up-case.entity.js';
import { dueForAiCategory, dueForReport, isSuspicious, type Thresholds } from './follow-up-rules.js';

const DEFAULTS: Thresholds = { followUpBiRadsFrom: '4A', followUpTiRadsFrom: 'TR4', followUpBiopsyDays: 14, followUpRepeatMonths: 6 };
const NOW = new Date('2026-03-31T08:00:00Z');

describe('follow-up rules', () => {
  it('opens from BI-RADS 4A and TI-RADS TR4 by default, from the configured level otherwise, never from an unknown value', () => {
    expect(['2', '3', '4A', '4B', '4C', '5', '6', '0'].filter((v) => isSuspicious('BI-RADS', v, DEFAULTS))).toEqual(['4A', '4B', '4C', '5', '6']);
    expect(['TR1', 'TR2', 'TR3', 'TR4', 'TR5'].filter((v) => isSuspicious('TI-RADS', v, DEFAULTS))).toEqual(['TR4', 'TR5']);
    expect(isSuspicious('BI-RADS', '4A', { ...DEFAULTS, followUpBiRadsFrom: '4B' })).toBe(false);
    expect(isSuspicious('TI-RADS', 'TR3', { ...DEFAULTS, followUpTiRadsFrom: 'TR3' })).toBe(true);
    expect([isSuspicious('BI-RADS', 'TR5', DEFAULTS), isSuspicious('LI-RADS', '5', DEFAULTS), isSuspicious(null, null, DEFAULTS)]).toEqual([false, false, false]);
  });

  it('makes tissue due within the configured days: FNA for the thyroid, a biopsy referral for the breast', () => {
    expect(dueForAiCategory('BI-RADS', '4B', 'BREAST', DEFAULTS, NOW)).toEqual({ action: FollowUpAction.BIOPSY_REFERRAL, intervalMonths: null, dueAt: new Date('2026-04-14T08:00:00Z') });
    expect(dueForAiCategory('TI-RADS', 'TR5', 'THYROID', DEFAULTS, NOW)?.action).toBe(FollowUpAction.FNA);
    expect(dueForAiCategory('BI-RADS', '3', 'BREAST', DEFAULTS, NOW)).toBeNull();
  });

  it('follows the specialist’s recommendation first, then their category', () => {
    const report = { recommendation: null, followUpMonths: null, categorySystem: 'BI-RADS', categoryValue: '3', region: 'BREAST' };
    expect(dueForReport({ ...report, recommendation: 'ROUTINE_FOLLOW_UP' }, DEFAULTS, NOW)).toBeNull();
    expect(dueForReport({ ...report, recommendation: 'BIOPSY' }, DEFAULTS, NOW)?.action).toBe(FollowUpAction.BIOPSY_REFERRAL);
    expect(dueForReport({ ...report, recommendation: 'BIOPSY', categorySystem: 'TI-RADS', categoryValue: 'TR4', region: 'THYROID' }, DEFAULTS, NOW)?.action).toBe(FollowUpAction.FNA);
    // Month arithmetic on the calendar: 31 March + 3 months is 1 July (no 31 June).
    expect(dueForReport({ ...report, recommendation: 'SHORT_INTERVAL_FOLLOW_UP', followUpMonths: 3 }, DEFAULTS, NOW)).toEqual({
      action: FollowUpAction.REPEAT_ULTRASOUND,
      intervalMonths: 3,
      dueAt: new Date('2026-07-01T08:00:00Z'),
    });
    expect(dueForReport({ ...report, recommendation: 'SHORT_INTERVAL_FOLLOW_UP' }, DEFAULTS, NOW)?.intervalMonths).toBe(6);
    expect(dueForReport({ ...report, recommendation: 'REFER', categoryValue: '4C' }, DEFAULTS, NOW)?.action).toBe(FollowUpAction.BIOPSY_REFERRAL);
  });
});
