import { type Consult, isOnWorklist, isOpenConsult, waitingSpan, worklistOrder } from './consult';

const consult = (id: string, fields: Partial<Consult>): Consult =>
  ({ id, urgency: 'ROUTINE', aiRisk: null, requestedAt: '2026-03-01T08:00:00Z', status: 'OFFERED', claimedAt: null, closedAt: null, ...fields }) as Consult;

describe('worklistOrder', () => {
  it('ranks by urgency, then AI risk (none last), then the longest waiting, then id', () => {
    const list = [
      consult('routine-no-ai', {}),
      consult('routine-high', { aiRisk: 0.9 }),
      consult('emergency', { urgency: 'EMERGENCY' }),
      consult('routine-low', { aiRisk: 0.1 }),
      consult('urgent-newer', { urgency: 'URGENT', requestedAt: '2026-03-02T08:00:00Z' }),
      consult('urgent-older', { urgency: 'URGENT', requestedAt: '2026-02-28T08:00:00Z' }),
      consult('routine-no-ai-b', {}),
    ];
    expect(list.sort(worklistOrder).map((c) => c.id)).toEqual([
      'emergency',
      'urgent-older',
      'urgent-newer',
      'routine-high',
      'routine-low',
      'routine-no-ai',
      'routine-no-ai-b',
    ]);
  });
});

describe('waitingSpan', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');

  it('runs while the request is offered', () => {
    expect(waitingSpan(consult('a', {}), now)).toEqual({ ms: 2 * 3_600_000, running: true });
  });

  it('stops at the claim', () => {
    expect(waitingSpan(consult('a', { status: 'SIGNED', claimedAt: '2026-03-01T08:30:00Z' }), now)).toEqual({ ms: 1_800_000, running: false });
  });

  it('is absent for a request closed without a claim', () => {
    expect(waitingSpan(consult('a', { status: 'CANCELLED', closedAt: '2026-03-01T09:00:00Z' }), now)).toBeNull();
  });
});

describe('consult status groups', () => {
  it('knows which consults are still open and which are on the worklist', () => {
    expect(['REQUESTED', 'REPORTED', 'SIGNED', 'CANCELLED'].map((status) => isOpenConsult({ status } as Consult))).toEqual([true, true, false, false]);
    expect(['OFFERED', 'IN_REVIEW', 'REQUESTED', 'REPORTED'].map((status) => isOnWorklist({ status } as Consult))).toEqual([true, true, false, false]);
  });
});
