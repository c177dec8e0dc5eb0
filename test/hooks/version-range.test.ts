/**
 * The version check of the zero-code hooks: the ranges the specs use, read as npm's semver reads them.
 */
import { inVersionRanges } from '../../instrumentations/base/version-range';

describe('inVersionRanges', () => {
  it.each([
    ['4.104.0', ['>=4.0.0 <8'], true],
    ['7.57.0', ['>=4.0.0 <8'], true],
    ['8.0.0', ['>=4.0.0 <8'], false],
    ['3.9.9', ['>=4.0.0 <8'], false],
    ['0.30.1', ['>=0.30.0 <2'], true],
    ['1.14.0', ['>=0.30.0 <2'], true],
    ['0.29.9', ['>=0.30.0 <2'], false],
    ['5.1.0', ['>=4.0.0 <5'], false],
    ['4.79.0', ['>=4.0.0 <5'], true],
    ['6.0.0', ['>=5.0.0 <6', '>=6.0.0 <8'], true],
    ['6.0.0', ['>=5.0.0 <6 || >=6.0.0 <8'], true],
    ['1.0.0', ['*'], true],
    ['2.0.0', ['>= 1.0.0 < 3'], true],
  ])('%s in %j: %s', (version, ranges, expected) => {
    expect(inVersionRanges(version, ranges)).toBe(expected);
  });

  it('takes a prerelease only where a comparator names a prerelease of the same version', () => {
    expect(inVersionRanges('7.0.0-beta.1', ['>=4.0.0 <8'])).toBe(false);
    expect(inVersionRanges('7.0.0-beta.2', ['>=7.0.0-beta.1 <8'])).toBe(true);
    expect(inVersionRanges('7.0.0-beta.1', ['>=7.0.0-beta.2 <8'])).toBe(false);
    expect(inVersionRanges('8.0.0-rc.1', ['>=4.0.0 <8'])).toBe(false);
    expect(inVersionRanges('7.0.0-beta.1', ['>=4.0.0 <8'], true)).toBe(true);
  });

  it('takes an unreadable or missing version only for *', () => {
    expect(inVersionRanges(undefined, ['>=4.0.0 <8'])).toBe(false);
    expect(inVersionRanges('not-a-version', ['>=4.0.0 <8'])).toBe(false);
    expect(inVersionRanges(undefined, ['*'])).toBe(true);
  });
});
