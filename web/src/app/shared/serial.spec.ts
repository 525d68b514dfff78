import { Serial } from './serial';

const later = <T>(value: T, ms = 1) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('Serial', () => {
  it('starts each task only after the one before it has settled, in the order given', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await later(null, ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([serial.run(task('a', 5)), serial.run(task('b', 1)), serial.run(task('c', 1))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('passes a failure to its caller and goes on with the next task', async () => {
    const serial = new Serial();
    const failed = serial.run(async () => {
      throw new Error('refused');
    });
    const next = serial.run(() => later('saved'));
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('saved');
  });
});
