import { defineConfig } from '@playwright/test';

/**
 * E2E: the production renderer (out/renderer) in Debian's Chromium, bound to a real core and simulator through
 * test/e2e/fixtures.ts. Run through `npm test` (which builds first and provides the private D-Bus session with a
 * Secret Service); `npm run test:e2e` does the same for this suite alone.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'light', use: { colorScheme: 'light' } },
    // Every test runs in light; those tagged @theme run in dark too.
    { name: 'dark', use: { colorScheme: 'dark' }, grep: /@theme/ },
  ],
});
