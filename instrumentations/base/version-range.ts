/**
 * Whether a package version is in a spec's version range. The specs use comparator sets only
 * (`>=4.0.0 <8`, `>=0.30.0 <2`, `*`), joined by `||`; partial versions count their missing parts
 * as 0. As in npm's semver, a prerelease (`7.0.0-beta.1`) is in a range only when a comparator of
 * the range names a prerelease of the same version (or when prereleases are included).
 */

type Triple = readonly [number, number, number];

interface Version {
  triple: Triple;
  prerelease: readonly string[];
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const COMPARATOR = /^(>=|<=|>|<|=)?\s*(.+)$/;

function parse(text: string): Version | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const triple: Triple = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  return { triple, prerelease: match[4] ? match[4].split('.') : [] };
}

function compareTriples(a: Triple, b: Triple): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return 0;
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined) return nx < ny ? -1 : 1;
    if (nx !== undefined || ny !== undefined) return nx !== undefined ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  return compareTriples(a.triple, b.triple) || comparePrerelease(a.prerelease, b.prerelease);
}

/** One comparator set (`>=4.0.0 <8`): `undefined` when it cannot be read. */
function satisfiesSet(version: Version, set: string, includePrerelease: boolean): boolean | undefined {
  const parts = set
    .trim()
    .replace(/([<>=]+)\s+/g, '$1')
    .split(/\s+/);
  let prereleaseAllowed = includePrerelease || version.prerelease.length === 0;
  for (const part of parts) {
    if (part === '*' || part === '' || part === 'x') continue;
    const match = COMPARATOR.exec(part);
    const bound = match ? parse(match[2] as string) : undefined;
    if (!match || !bound) return undefined;
    const order = compare(version, bound);
    const op = match[1] ?? '=';
    const ok = op === '>=' ? order >= 0 : op === '>' ? order > 0 : op === '<=' ? order <= 0 : op === '<' ? order < 0 : order === 0;
    if (!ok) return false;
    if (bound.prerelease.length > 0 && compareTriples(bound.triple, version.triple) === 0) prereleaseAllowed = true;
  }
  return prereleaseAllowed;
}

/**
 * Whether `version` is in one of `ranges`; an unreadable version is in none but `*`. With
 * `includePrerelease`, a prerelease counts as its version.
 */
export function inVersionRanges(version: string | undefined, ranges: readonly string[], includePrerelease = false): boolean {
  const parsed = version === undefined ? undefined : parse(version);
  if (!parsed) return ranges.includes('*');
  return ranges.some((range) => range.split('||').some((set) => satisfiesSet(parsed, set, includePrerelease) === true));
}
