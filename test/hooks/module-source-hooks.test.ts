/**
 * The pieces of the in-thread loader hook: the line appended to a CommonJS file (every line of the
 * file where it was, a trailing source map comment still last), and the Node.js versions whose
 * hooks leave CommonJS alone.
 */
import { syncHooksKeepCommonJsNative, withHandOver } from '../../instrumentations/base/module-source-hooks';

describe('withHandOver', () => {
  const handOver = '\n;globalThis[Symbol.for("k")]?.(typeof module === "object" ? module : undefined, "/app/node_modules/x/a.js");\n';

  it('appends the hand-over after the last line of code, leaving every line before it unchanged', () => {
    const source = "'use strict';\nexports.a = 1;\n// a last comment";
    const result = withHandOver(source, '/app/node_modules/x/a.js', 'k');
    expect(result).toBe(source + handOver);
    expect(result.split('\n').slice(0, 3)).toEqual(source.split('\n'));
  });

  it('keeps trailing sourceMappingURL and sourceURL comments last', () => {
    const code = "'use strict';\nexports.a = 1;";
    const comments = '\n//# sourceMappingURL=a.js.map\n//# sourceURL=a.js\n';
    const result = withHandOver(code + comments, '/app/node_modules/x/a.js', 'k');
    expect(result).toBe(`${code}\n${handOver}//# sourceMappingURL=a.js.map\n//# sourceURL=a.js\n`);
    expect(result.trimEnd().split('\n').at(-2)).toBe('//# sourceMappingURL=a.js.map');
  });

  it('leaves a sourceMappingURL comment that code follows where it is', () => {
    const source = 'exports.a = 1;\n//# sourceMappingURL=old.map\nexports.b = 2;\n';
    expect(withHandOver(source, '/app/node_modules/x/a.js', 'k')).toBe(source + handOver);
  });

  it('quotes the file name as a string literal', () => {
    expect(withHandOver('', 'C:\\app\\node_modules\\x\\"a".js', 'k')).toContain('"C:\\\\app\\\\node_modules\\\\x\\\\\\"a\\".js"');
  });
});

describe('syncHooksKeepCommonJsNative', () => {
  it.each([
    ['22.15.0', false],
    ['22.22.2', false],
    ['22.22.3', true],
    ['22.23.3', true],
    ['23.11.0', false],
    ['24.11.0', false],
    ['24.11.1', true],
    ['24.12.0', true],
    ['25.0.0', false],
    ['25.1.0', true],
    ['26.10.0', true],
    ['27.0.0-nightly2027', true],
  ])('Node.js %s: %s', (version, expected) => {
    expect(syncHooksKeepCommonJsNative(version)).toBe(expected);
  });
});
