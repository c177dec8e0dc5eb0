/** The scenario app's request constants, read from the app itself so they are spelled once. */
import * as path from 'node:path';

interface AppConstants {
  MODEL: string;
  SYSTEM: string;
  PROMPT: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS file, no types
const app = require(path.join(__dirname, '..', 'scenario-app', 'scenarios.cjs')) as AppConstants;

export const { MODEL, SYSTEM, PROMPT } = app;
