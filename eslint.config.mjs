// @ts-check
import js from '@eslint/js';
import nodePlugin from 'eslint-plugin-n';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import borders from './scripts/eslint/borders.mjs';
import idMaps from './scripts/eslint/id-maps.mjs';

const ELECTRON = { pattern: 'electron', message: "Only src/main/app and src/preload may import 'electron'." };

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.test-results/**',
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { ops: borders } },
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No .only in committed tests.',
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Node 20 is what the tests run on: no newer built-ins in code they import.
  {
    files: [
      'src/main/**/*.ts',
      'src/sim/**/*.ts',
      'src/shared/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'bench/**/*.ts',
      'test/**/*.ts',
    ],
    plugins: { n: nodePlugin },
    settings: { node: { version: '>=20.19.0' } },
    rules: {
      'n/no-unsupported-features/node-builtins': ['error', { version: '>=20.19.0', ignores: [] }],
      'n/no-unsupported-features/es-builtins': ['error', { version: '>=20.19.0' }],
      'n/no-unsupported-features/es-syntax': ['error', { version: '>=20.19.0', ignores: ['modules', 'dynamicImport'] }],
    },
  },
  // --- Borders (docs/architecture.md §2). Order matters: later blocks add to earlier ones for the same file.
  {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    ignores: ['src/main/app/**', 'src/preload/**', 'test/electron/**', 'test/unit/app/**'],
    rules: { 'ops/borders': ['error', { deny: [ELECTRON] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'ops/borders': [
        'error',
        {
          deny: [
            ELECTRON,
            { pattern: '@builtin', message: 'The renderer has no Node: no built-in modules.' },
            { pattern: 'src/main/**', message: 'The renderer imports nothing from the main process.' },
            { pattern: 'src/sim/**', message: 'The renderer imports nothing from the simulator.' },
            { pattern: 'src/preload/**', message: 'The renderer imports nothing from the preload.' },
            { pattern: 'src/shared/contract/schemas', message: 'Schemas (zod) are for the main process only.' },
            { pattern: 'undici', message: 'The renderer makes no network calls.' },
            { pattern: 'keytar', message: 'The renderer never touches secrets.' },
            { pattern: 'zod', message: 'Validation happens in main.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'ops/borders': [
        'error',
        { allowOnly: { patterns: ['src/shared/**', 'zod'], message: 'src/shared imports only itself and zod.' } },
      ],
    },
  },
  {
    files: ['src/shared/contract/channels.ts'],
    rules: {
      'ops/borders': ['error', { allowOnly: { patterns: [], message: 'channels.ts imports nothing.' } }],
    },
  },
  {
    files: ['src/shared/bridge.ts', 'src/shared/plain.ts'],
    rules: {
      'ops/borders': [
        'error',
        { allowOnly: { patterns: ['src/shared/contract/channels'], message: 'The bridge is dependency-free.' } },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'ops/borders': [
        'error',
        {
          deny: [
            { pattern: 'zod', message: 'The preload imports no zod.' },
            { pattern: 'src/shared/contract/schemas', message: 'The preload imports no zod (schemas).' },
          ],
          allowOnly: {
            patterns: ['electron', 'src/shared/bridge', 'src/shared/contract/channels', 'src/shared/plain'],
            message: "The preload imports only 'electron' and the dependency-free parts of src/shared.",
          },
        },
      ],
    },
  },
  {
    files: ['src/main/app/**/*.ts'],
    rules: {
      'ops/borders': [
        'error',
        { deny: [{ pattern: 'src/renderer/**', message: 'The shell imports nothing from the renderer.' }] },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/sim/**/*.ts'],
    // src/main/index.ts is the one-line Electron entry: `import './app/main'`.
    ignores: ['src/main/app/**', 'src/main/index.ts'],
    rules: {
      'ops/borders': [
        'error',
        {
          deny: [
            ELECTRON,
            { pattern: 'src/renderer/**', message: 'The core imports nothing from the renderer.' },
            { pattern: 'src/main/app/**', message: 'The core never imports the Electron shell.' },
          ],
        },
      ],
    },
  },
  // --- Layers inside the core (docs/architecture.md §2): lowest first; imports go to the same layer or lower.
  {
    files: ['src/main/**/*.{ts,tsx,mts}'],
    rules: {
      'ops/layers': [
        'error',
        {
          root: 'src/main',
          layers: [
            { name: 'foundation', members: ['errors', 'platform', 'clock', 'log', 'net', 'security', 'ipc'] },
            { name: 'services', members: ['store', 'webex', 'events', 'ops'] },
            { name: 'auth', members: ['auth'] },
            { name: 'features', members: ['watch', 'runbooks', 'reading', 'diagnostics', 'spaces'] },
            { name: 'core', members: ['core'] },
            { name: 'shell', members: ['app', 'index'] },
          ],
        },
      ],
    },
  },
  // --- Id-keyed collections are Maps or null-prototype objects, never `{}` (docs/security.md).
  {
    files: ['src/**/*.{ts,tsx,mts}'],
    plugins: { ids: idMaps },
    rules: { 'ids/no-plain-record': 'error' },
  },
  {
    // Playwright fixtures take `{}` when they use no other fixture.
    files: ['test/e2e/**/*.ts', 'test/electron/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'eslint.config.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
