/** Jest: TypeScript tests transformed by @swc/jest (type checking is `npm run typecheck`, with TypeScript 5.9). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } }],
  },
  // jose ships ESM only; agentsight loads it with import() (native in Node), Jest's CommonJS runtime
  // needs it transformed like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 60_000,
  // Tests spawn child processes and servers; two workers match the machine's two cores.
  maxWorkers: 2,
};
