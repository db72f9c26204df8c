import { defineConfig } from '@playwright/test';

/**
 * OPT-IN: the real Electron app, for machines that have the Electron binary (`npm run test:electron` after
 * `npm run build`). Not part of `npm test` — nothing is called verified on its strength.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.electron\.ts$/,
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  reporter: 'list',
});
