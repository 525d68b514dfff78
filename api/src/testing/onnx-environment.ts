import { TestEnvironment } from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';

/**
 * Jest's node environment runs each test file in its own vm context, so `new Float32Array()` in a test
 * creates an array of that context's realm. onnxruntime-node checks tensor data with `instanceof` against
 * the host realm's constructors and rejects it ("A float32 tensor's data must be type of function
 * Float32Array()"). Sharing the host's typed-array constructors with the test context fixes that; Node's
 * own `Buffer` (already shared by Jest) is a host Uint8Array, which this keeps consistent too.
 */
const SHARED_CONSTRUCTORS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export default class OnnxEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const host = globalThis as unknown as Record<string, unknown>;
    const target = this.global as unknown as Record<string, unknown>;
    for (const name of SHARED_CONSTRUCTORS) {
      if (host[name] !== undefined) target[name] = host[name];
    }
  }
}
