import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import * as semconv from '../src/semconv';
import { VERSION } from '../src/version';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Our constants named after the conventions' own (`ATTR_GEN_AI_*`, `METRIC_GEN_AI_*`, ...). */
const standardNames = Object.entries(semconv).filter(
  ([name, value]) =>
    typeof value === 'string' && /^(ATTR|METRIC)_(GEN_AI|OPENAI|ERROR|SERVER|SESSION|MCP|JSONRPC|RPC|NETWORK|CODE|LOG)_/.test(name),
);

describe('semantic convention names', () => {
  it('covers the names it claims to (sanity check of the filter)', () => {
    expect(standardNames.length).toBeGreaterThan(40);
  });

  it.each(standardNames)('%s matches @opentelemetry/semantic-conventions', (name, value) => {
    expect((incubating as Record<string, unknown>)[name]).toBe(value);
  });

  it('uses the conventions values for operations, providers and token types', () => {
    const inc = incubating as Record<string, unknown>;
    for (const [key, value] of Object.entries(semconv.GEN_AI_OPERATION)) expect(inc[`GEN_AI_OPERATION_NAME_VALUE_${key}`]).toBe(value);
    for (const [key, value] of Object.entries(semconv.GEN_AI_PROVIDER)) expect(inc[`GEN_AI_PROVIDER_NAME_VALUE_${key}`]).toBe(value);
    for (const [key, value] of Object.entries(semconv.GEN_AI_TOKEN_TYPE)) expect(inc[`GEN_AI_TOKEN_TYPE_VALUE_${key}`]).toBe(value);
    for (const [key, value] of Object.entries(semconv.GEN_AI_OUTPUT_TYPE)) expect(inc[`GEN_AI_OUTPUT_TYPE_VALUE_${key}`]).toBe(value);
    for (const [key, value] of Object.entries(semconv.NETWORK_TRANSPORT)) expect(inc[`NETWORK_TRANSPORT_VALUE_${key}`]).toBe(value);
  });

  it('keeps every name of our own in the agentsight namespace', () => {
    const ours = Object.entries(semconv).filter(
      ([name, value]) => typeof value === 'string' && /^(ATTR|METRIC|EVENT)_AGENTSIGHT_/.test(name),
    );
    expect(ours.length).toBeGreaterThan(20);
    for (const [, value] of ours) expect(value).toMatch(/^agentsight\./);
  });

  it('spells the GenAI metric buckets as the conventions recommend', () => {
    expect(semconv.TOKEN_USAGE_BUCKETS).toEqual([
      1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
    ]);
    expect(semconv.DURATION_BUCKETS).toEqual([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]);
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
