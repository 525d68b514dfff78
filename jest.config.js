// One Jest run covers api/ and media/ (unit + integration against PGlite and PostgreSQL) and e2e/ (Chromium).
// NestJS 12 is ESM-only, so tests run as ES modules (node --experimental-vm-modules) through SWC.
import { mediasoupWorkerEnv } from './scripts/lib.mjs';

// The media tests start real mediasoup workers: point npm's mediasoup at Debian's worker binary
// (installed by `npm test`; a plain `npm run jest` finds it too once it is there).
Object.assign(process.env, mediasoupWorkerEnv() ?? {});

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'es6' },
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  // `#contracts/*` and `#media-testing/*` are package.json imports whose source condition Jest does not set: map them to the sources.
  moduleNameMapper: {
    '^#contracts/(.*?)(\\.js)?$': '<rootDir>/contracts/$1',
    '^#media-testing/(.*?)(\\.js)?$': '<rootDir>/media/src/testing/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

export default {
  // Integration suites boot the whole API and hash real argon2 passwords.
  testTimeout: 60_000,
  projects: [
    // The api environment shares the host's typed arrays with tests so that onnxruntime-node accepts their tensors.
    { ...common, testEnvironment: '<rootDir>/api/src/testing/onnx-environment.ts', displayName: 'api', testMatch: ['<rootDir>/api/src/**/*.spec.ts'] },
    { ...common, displayName: 'media', testMatch: ['<rootDir>/media/src/**/*.spec.ts'] },
    { ...common, displayName: 'contracts', testMatch: ['<rootDir>/contracts/**/*.spec.ts'] },
    // The browser journeys run the API in-process, pre-reads included, so they need the onnx environment too.
    { ...common, testEnvironment: '<rootDir>/api/src/testing/onnx-environment.ts', displayName: 'e2e', testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'] },
    // The web app's own logic (uploads, autosave, link quality, drafts, texts): pure code and Angular signals, no DOM.
    { ...common, displayName: 'web', testMatch: ['<rootDir>/web/src/**/*.spec.ts'], setupFiles: ['<rootDir>/web/src/testing/jit.ts'] },
  ],
};
