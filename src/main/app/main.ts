/** The Electron entry: hands the real Electron API to the shell. Everything else is in shell.ts. */
import * as electron from 'electron';
import { startShell } from './shell';

startShell(electron, {
  argv: process.argv,
  env: process.env,
  mainDir: __dirname,
  processEvents: process,
  resourcesPath: process.resourcesPath,
});
