import { JsonLogger } from './json-logger.js';
import { runWithRequestContext } from './request-context.js';

describe('JsonLogger', () => {
  it('writes one JSON line with level, context and the current request id', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', (line) => lines.push(line));
    runWithRequestContext({ requestId: 'req-1', ip: null, userAgent: null }, () => logger.warn('disk low', 'Storage'));
    logger.debug('hidden below the minimum level');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', msg: 'disk low', context: 'Storage', requestId: 'req-1' });
  });

  it('merges structured messages into the entry', () => {
    const lines: string[] = [];
    new JsonLogger('debug', (line) => lines.push(line)).log({ msg: 'request', status: 200, ms: 12 });
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'request', status: 200, ms: 12, level: 'info' });
  });
});
