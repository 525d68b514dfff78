import { answerContext, VERIFICATION_CLASS } from './presentation-contexts.js';

const US = '1.2.840.10008.5.1.4.1.1.6.1';
const MPEG2 = '1.2.840.10008.1.2.4.100';
const JPEG_LS = '1.2.840.10008.1.2.4.80';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

describe('presentation context negotiation', () => {
  it('accepts the first proposed transfer syntax the decoder reads', () => {
    expect(answerContext(US, [MPEG2, JPEG_LS, EXPLICIT_LE])).toEqual({ accept: JPEG_LS });
    expect(answerContext('1.2.840.10008.5.1.4.1.1.3.1', [EXPLICIT_LE])).toEqual({ accept: EXPLICIT_LE });
  });

  it('refuses a context whose syntaxes the decoder cannot read, and a storage class it does not take', () => {
    expect(answerContext(US, [MPEG2, '1.2.840.10008.1.2.4.102'])).toEqual({ refuse: 'transfer-syntaxes' });
    expect(answerContext('1.2.840.10008.5.1.4.1.1.2', [EXPLICIT_LE])).toEqual({ refuse: 'abstract-syntax' });
  });

  it('answers verification in an uncompressed syntax only', () => {
    expect(answerContext(VERIFICATION_CLASS, [JPEG_LS, '1.2.840.10008.1.2'])).toEqual({ accept: '1.2.840.10008.1.2' });
    expect(answerContext(VERIFICATION_CLASS, [JPEG_LS])).toEqual({ refuse: 'transfer-syntaxes' });
  });
});
