/**
 * The app folder for the Bedrock and Vertex clients: `@anthropic-ai/sdk` 1.x (the tests' alias,
 * under its real name), `@anthropic-ai/bedrock-sdk` and `@anthropic-ai/vertex-sdk` (devDependencies
 * of this repository), and `agentsight` pointing at this repository.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPS_ROOT, REPO_ROOT } from '../../support/sdk-apps';

const PACKAGES = ['bedrock-sdk', 'vertex-sdk'];

/** The app folder, made on first use. */
export function platformApp(): string {
  const modules = path.join(REPO_ROOT, 'node_modules');
  // Inside the repository, so that the platform packages' own dependencies resolve from its node_modules.
  const dir = path.join(APPS_ROOT, 'anthropic-platforms');
  if (!fs.existsSync(path.join(dir, '.ready'))) {
    const staging = `${dir}.${process.pid}.${Date.now()}`;
    const scoped = path.join(staging, 'node_modules', '@anthropic-ai');
    fs.mkdirSync(scoped, { recursive: true });
    execFileSync('cp', ['-al', path.join(REPO_ROOT, 'node_modules', 'anthropic-1'), path.join(scoped, 'sdk')]);
    for (const p of PACKAGES) execFileSync('cp', ['-al', path.join(modules, '@anthropic-ai', p), path.join(scoped, p)]);
    fs.symlinkSync(REPO_ROOT, path.join(staging, 'node_modules', 'agentsight'), 'dir');
    fs.writeFileSync(path.join(staging, 'package.json'), '{"name":"app-anthropic-platforms","private":true}\n');
    fs.writeFileSync(path.join(staging, '.ready'), '');
    try {
      fs.renameSync(staging, dir);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  fs.copyFileSync(path.join(__dirname, '..', 'platform-app', 'main.cjs'), path.join(dir, 'main.cjs'));
  return dir;
}
