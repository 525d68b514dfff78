import { ConsultStatus as S } from './consult-status.js';
import { canHappen, type ConsultEvent, nextStatus } from './consult-state-machine.js';

describe('consult state machine', () => {
  it('follows the happy path from request to signature and amendment', () => {
    const path: Array<[ConsultEvent, S]> = [
      ['offer', S.OFFERED],
      ['claim', S.CLAIMED],
      ['start-review', S.IN_REVIEW],
      ['report', S.REPORTED],
      ['sign', S.SIGNED],
      ['amend', S.AMENDED],
      ['sign', S.SIGNED],
    ];
    let status = S.REQUESTED;
    for (const [event, expected] of path) {
      status = nextStatus(status, event);
      expect(status).toBe(expected);
    }
  });

  it('puts a released consult back on the worklist', () => {
    expect(nextStatus(S.CLAIMED, 'release')).toBe(S.OFFERED);
    expect(nextStatus(S.IN_REVIEW, 'release')).toBe(S.OFFERED);
  });

  it.each([
    [S.SIGNED, 'claim'],
    [S.SIGNED, 'cancel'],
    [S.REPORTED, 'claim'],
    [S.CANCELLED, 'offer'],
    [S.EXPIRED, 'claim'],
    [S.OFFERED, 'sign'],
    [S.CLAIMED, 'expire'],
  ] as Array<[S, ConsultEvent]>)('refuses %s → %s with ILLEGAL_TRANSITION', (from, event) => {
    expect(canHappen(from, event)).toBe(false);
    expect(() => nextStatus(from, event)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });

  it('never leaves a final state except by amendment of a signed report', () => {
    const events: ConsultEvent[] = ['offer', 'claim', 'release', 'start-review', 'report', 'sign', 'amend', 'cancel', 'expire', 'escalate'];
    for (const final of [S.CANCELLED, S.EXPIRED]) expect(events.filter((e) => canHappen(final, e))).toEqual([]);
    expect(events.filter((e) => canHappen(S.SIGNED, e))).toEqual(['amend']);
  });
});
