// `npm run lint` (run by `npm test` before the suite). The boundary rules below are the module map of
// docs/architecture.md ("Module boundaries"); change both together.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const API = 'api/src';
/** Infrastructure every domain stands on; none of it reaches into a clinical or training domain. */
const FOUNDATIONS = ['common', 'config', 'storage', 'encryption', 'events', 'policy', 'audit', 'identity'];
/** The domains, lowest first: each may import those before it, never one after it. */
const DOMAINS = [['patients'], ['imaging'], ['follow-up'], ['ai'], ['consults', 'break-glass'], ['calls'], ['training', 'pacs']];
const ALL_DOMAINS = [...DOMAINS.flat(), 'seed'];

const zone = (target, from, message) => ({ target, from, message });
const ZONES = [
  // The three programs meet only in contracts/ (the `#contracts/*` alias).
  zone('web/src', ['api', 'media'], 'The web app imports only #contracts/* from the server side.'),
  zone('media/src', 'api', 'media and api share code only through #contracts/*.'),
  zone(API, 'media', 'media and api share code only through #contracts/*.'),
  zone('contracts', ['api', 'media', 'web'], 'contracts/ stands alone: both sides import it.'),
  // Web: core and shared are the ground the features stand on.
  zone(['web/src/app/core', 'web/src/app/shared'], ['web/src/app/features', 'web/src/app/layout'], 'core/ and shared/ never import a feature.'),
  ...FOUNDATIONS.map((name) =>
    zone(`${API}/${name}`, ALL_DOMAINS.map((domain) => `${API}/${domain}`), `${name}/ is a foundation: it never imports a domain module.`),
  ),
  ...DOMAINS.flatMap((level, index) =>
    level.map((name) =>
      zone(
        `${API}/${name}`,
        DOMAINS.slice(index + 1).flat().map((later) => `${API}/${later}`),
        `${name}/ may import only the domains before it (${DOMAINS.slice(0, index).flat().join(', ') || 'none'}): see docs/architecture.md.`,
      ),
    ),
  ),
].filter((z) => z.from.length > 0);

/**
 * Known boundary violations, too big to untie in the change that added the rules (issue 17, "Domains reach into
 * each other"). Each file may import the listed folder; everything else of the rule still applies to it.
 */
const KNOWN_VIOLATIONS = [
  // imaging ⇄ ai: the module registers the AI resolver and the writer schedules pre-reads; to become an
  // "images recorded" domain event that ai acts on.
  { file: `${API}/imaging/imaging.module.ts`, imports: [`${API}/ai`, `${API}/consults`] },
  { file: `${API}/imaging/study-images.writer.ts`, imports: [`${API}/ai`] },
  // The decode worker makes the model's input planes at upload (so a pre-read does no image work on the main
  // thread); their sizes and resize are ai's model contract.
  { file: `${API}/imaging/decode/model-planes.ts`, imports: [`${API}/ai`] },
  // `sharedWith` asks the consults' routing who a study is shared with; to become a policy scope.
  { file: `${API}/imaging/studies.service.ts`, imports: [`${API}/consults`] },
  // Configuration validates OASIS_DICOM_AE with the receiver's AE-title check.
  { file: `${API}/config/config.ts`, imports: [`${API}/imaging`] },
];

function zonesFor(file) {
  const allowed = KNOWN_VIOLATIONS.find((known) => known.file === file)?.imports ?? [];
  return ZONES.map((z) => ({ ...z, from: [z.from].flat().filter((from) => !allowed.includes(from)) })).filter((z) => z.from.length > 0);
}

const boundaries = (zones) => ({ 'import-x/no-restricted-paths': ['error', { zones }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'models/**', '.angular/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x skips .ts files when it follows imports, and no-cycle sees nothing.
      'import-x/extensions': ['.ts', '.mts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.spec.json', 'web/tsconfig.app.json', 'e2e/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Deep relative paths are where a module reaches into another one's insides; shared code has an alias.
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./){4,}', message: 'No import climbs four or more folders: use the #contracts/* alias or move the code.' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  // Tests may reach across (a journey drives the api and media; an api spec starts a media service).
  { files: ['**/*.ts'], ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**', 'e2e/**'], rules: boundaries(ZONES) },
  ...KNOWN_VIOLATIONS.map(({ file }) => ({ files: [file], rules: boundaries(zonesFor(file)) })),
  {
    // TypeORM's two-sided relations: each entity names the other only inside a `() => Entity` thunk, which runs
    // after both modules have loaded, so the cycle is harmless. Only these pairs, within one module.
    files: [
      `${API}/ai/{lesion,pre-read}.entity.ts`,
      `${API}/follow-up/follow-up-{case,lesion}.entity.ts`,
      `${API}/identity/{role-assignment,user}.entity.ts`,
      `${API}/imaging/{study,study-image}.entity.ts`,
    ],
    rules: { 'import-x/no-cycle': 'off' },
  },
);
