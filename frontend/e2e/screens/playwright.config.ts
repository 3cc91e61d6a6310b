// `make screens`: screenshots of each role's home and workbench for reviewers (docs/screens/).
// Not part of `make test`: its file is not a *.spec.ts, so the main config never picks it up.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'screens.ts',
  timeout: 300_000,
  retries: 0,
  projects: [{ name: 'screens' }],
  reporter: 'list',
});
