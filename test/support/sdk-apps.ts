/**
 * App folders for running real SDK versions in child processes, the way a user's app meets them:
 * `node_modules/openai` (or `@anthropic-ai/sdk`) holds one version under its real name (a
 * hard-linked copy of the npm alias installed for the tests, e.g. `openai-4`), and
 * `node_modules/agentsight` points at this repository (its built `dist/`). The SDKs' own
 * dependencies and the shared `@opentelemetry/api` resolve from the repository's node_modules,
 * as in an app where they are hoisted.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const APPS_ROOT = path.join(REPO_ROOT, '.tmp', 'apps');

export const OPENAI_VERSIONS = ['openai-4', 'openai-5', 'openai-6', 'openai-7'] as const;
export const ANTHROPIC_VERSIONS = ['anthropic-0.30', 'anthropic-0.137', 'anthropic-1'] as const;
export type SdkAlias = (typeof OPENAI_VERSIONS)[number] | (typeof ANTHROPIC_VERSIONS)[number];

interface PackageJson {
  name: string;
  version: string;
}

/** The package.json of an installed alias (`openai-4` is `npm:openai@4.104.0`). */
function aliasPackage(alias: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', alias, 'package.json'), 'utf8')) as PackageJson;
}

/** The real package name of an alias (e.g. `@anthropic-ai/sdk` for `anthropic-1`). */
export function realName(alias: string): string {
  return aliasPackage(alias).name;
}

/** The installed version of an alias (e.g. `4.104.0`). */
export function sdkVersion(alias: SdkAlias): string {
  return aliasPackage(alias).version;
}

/**
 * The folder of an app with these SDK versions installed under their real names (made on first
 * use; safe when several test workers ask at once). Scripts written into it run as that app. Any
 * npm alias among the devDependencies will do (`"ai-7": "npm:ai@7..."`): its real name comes from
 * its package.json.
 */
export function sdkApp(aliases: readonly string[]): string {
  const names = aliases.map(realName);
  if (new Set(names).size !== names.length) throw new Error(`one version per SDK: ${aliases.join(', ')}`);
  const dir = path.join(APPS_ROOT, [...aliases].sort().join('+'));
  if (fs.existsSync(path.join(dir, '.ready'))) return dir;
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  const modules = path.join(staging, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  for (const [i, alias] of aliases.entries()) {
    const target = path.join(modules, names[i]!);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Hard links: instant, and no second copy on disk.
    execFileSync('cp', ['-al', path.join(REPO_ROOT, 'node_modules', alias), target]);
  }
  fs.symlinkSync(REPO_ROOT, path.join(modules, 'agentsight'), 'dir');
  fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ name: `app-${path.basename(dir)}`, private: true })}\n`);
  fs.writeFileSync(path.join(staging, '.ready'), '');
  try {
    fs.renameSync(staging, dir);
  } catch {
    // Another worker made it first.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** Writes a script into an app folder (a fresh name per call) and returns its path. */
export function writeAppScript(appDir: string, name: string, source: string): string {
  const file = path.join(appDir, name);
  fs.writeFileSync(file, source);
  return file;
}
