/**
 * The resource every signal carries. `service.name` is, in order: the `serviceName` option,
 * `OTEL_SERVICE_NAME` (or `service.name` in `OTEL_RESOURCE_ATTRIBUTES`), the name in the app's
 * package.json, the script's file name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { defaultSessionName } from '../settings/table';
import { PACKAGE_NAME, VERSION } from '../version';

/** The `name` of the package.json nearest to `dir`, going up. */
export function nearestPackageName(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: unknown };
      if (typeof pkg.name === 'string' && pkg.name.trim()) return pkg.name.trim();
    } catch {
      // no readable package.json here: keep going up
    }
    if (path.dirname(d) === d) return undefined;
  }
}

export function defaultServiceNameFor(argv: readonly string[] = process.argv, cwd = process.cwd()): string {
  const script = argv[1];
  return nearestPackageName(script ? path.dirname(path.resolve(cwd, script)) : cwd) ?? defaultSessionName(argv);
}

export function buildResource(serviceName: string | undefined): Resource {
  const fallback = resourceFromAttributes({
    'service.name': defaultServiceNameFor(),
    'telemetry.distro.name': PACKAGE_NAME,
    'telemetry.distro.version': VERSION,
  });
  // envDetector reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; later merges win.
  let resource = defaultResource()
    .merge(fallback)
    .merge(detectResources({ detectors: [envDetector] }));
  if (serviceName) resource = resource.merge(resourceFromAttributes({ 'service.name': serviceName }));
  return resource;
}
