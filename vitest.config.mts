import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Three projects: unit (pure, fast, no sockets except where the test says so), renderer (components and stores in
// happy-dom, run by the unit step) and integration (core + simulator over loopback HTTP, keychain against a real
// Secret Service). `npm test` runs them all inside one private D-Bus session.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Renderer components and stores in a DOM (happy-dom) with Testing Library; typed by tsconfig.renderer-test.json.
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
