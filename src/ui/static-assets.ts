/**
 * The page's files (built by scripts/build.mjs into `dist/ui/`), read once at start-up and served
 * from memory by name: nothing from the URL ever reaches the file system.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Asset {
  body: Buffer;
  type: string;
}

/** The built page: `index.html`, the script and the style sheet. */
export const ASSET_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** The built assets next to the compiled server (`dist/src/ui/` -> `dist/ui/`). */
export function defaultAssetsDir(): string {
  return path.resolve(__dirname, '..', '..', 'ui');
}

export class MissingAssetsError extends Error {}

export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(ASSET_FILES)) {
    let body: Buffer;
    try {
      body = fs.readFileSync(path.join(dir, name));
    } catch {
      throw new MissingAssetsError(`the viewer's page is missing (${path.join(dir, name)}); this copy of agentsight was built without it`);
    }
    assets.set(name, { body, type });
  }
  return assets;
}
