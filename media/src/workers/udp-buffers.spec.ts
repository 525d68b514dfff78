import { readFileSync } from 'node:fs';
import { checkUdpBuffers, RECOMMENDED_RMEM_DEFAULT, RMEM_DEFAULT_PATH } from './udp-buffers.js';

describe('UDP receive buffers of the media host', () => {
  it('reads the host default the workers get', () => {
    const bytes = Number(readFileSync(RMEM_DEFAULT_PATH, 'utf8').trim());
    expect(checkUdpBuffers()).toEqual({ bytes, recommended: RECOMMENDED_RMEM_DEFAULT, enough: bytes >= RECOMMENDED_RMEM_DEFAULT });
  });

  it('calls Linux’s usual 208 KiB too small, the recommended size enough, and gives no verdict without /proc', () => {
    expect(checkUdpBuffers(() => '212992\n')).toMatchObject({ bytes: 212_992, enough: false });
    expect(checkUdpBuffers(() => `${RECOMMENDED_RMEM_DEFAULT}\n`)).toMatchObject({ bytes: RECOMMENDED_RMEM_DEFAULT, enough: true });
    expect(
      checkUdpBuffers(() => {
        throw new Error('ENOENT');
      }),
    ).toMatchObject({ bytes: null, enough: null });
    expect(checkUdpBuffers(() => 'garbage')).toMatchObject({ bytes: null, enough: null });
  });
});
