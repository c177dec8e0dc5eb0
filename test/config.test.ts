import * as path from 'node:path';
import { PROVIDERS, providerOption, providerSwitchVariable } from '../instrumentations/registry';
import { resolveConfig } from '../src/config';
import { ConfigError } from '../src/errors';

const cwd = '/srv/app';

describe('configuration', () => {
  it('has the documented defaults when nothing is set', () => {
    const { config, problems } = resolveConfig({}, {}, cwd);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      enabled: true,
      exporters: ['local'],
      dir: path.join(cwd, '.agentsight'),
      instrumentOpenAI: true,
      instrumentAnthropic: true,
      captureContent: true,
      autoSession: true,
      tags: [],
      sampleRate: 1,
      sessionBudgetUsd: undefined,
      budgetMode: 'warn',
      logLevel: 'warn',
      shutdownTimeoutMs: 2000,
      openaiStreamUsage: 'auto',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('adds the OTLP exporter when an OTLP endpoint is set', () => {
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, cwd).config.exporters).toEqual(['local', 'otlp']);
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' }, cwd).config.exporters).toEqual([
      'local',
      'otlp',
    ]);
  });

  it('reads every variable of the table', () => {
    const { config, problems } = resolveConfig(
      {},
      {
        AGENTSIGHT_ENABLED: 'true',
        AGENTSIGHT_EXPORTERS: 'otlp, console',
        AGENTSIGHT_DIR: 'data/store',
        AGENTSIGHT_INSTRUMENT_OPENAI: 'false',
        AGENTSIGHT_INSTRUMENT_ANTHROPIC: '0',
        AGENTSIGHT_CAPTURE_CONTENT: 'no',
        AGENTSIGHT_AUTO_SESSION: 'off',
        AGENTSIGHT_SESSION_NAME: 'nightly',
        AGENTSIGHT_TAGS: 'a, b,,c',
        AGENTSIGHT_SAMPLE_RATE: '0.25',
        AGENTSIGHT_SESSION_BUDGET_USD: '1.5',
        AGENTSIGHT_BUDGET_MODE: 'ENFORCE',
        AGENTSIGHT_PRICING_FILE: 'prices.json',
        AGENTSIGHT_LOG_LEVEL: 'debug',
        AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: '500',
        AGENTSIGHT_CONTENT_MAX_CHARS: '1000',
        AGENTSIGHT_OPENAI_STREAM_USAGE: 'always',
      },
      cwd,
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      exporters: ['otlp', 'console'],
      dir: path.join(cwd, 'data/store'),
      instrumentOpenAI: false,
      instrumentAnthropic: false,
      captureContent: false,
      autoSession: false,
      sessionName: 'nightly',
      tags: ['a', 'b', 'c'],
      sampleRate: 0.25,
      sessionBudgetUsd: 1.5,
      budgetMode: 'enforce',
      pricingFile: path.join(cwd, 'prices.json'),
      logLevel: 'debug',
      shutdownTimeoutMs: 500,
      contentMaxChars: 1000,
      openaiStreamUsage: 'always',
    });
  });

  it('lets init() options win over the environment', () => {
    const { config } = resolveConfig(
      { captureContent: true, exporters: ['console'], sampleRate: 0.5 },
      { AGENTSIGHT_CAPTURE_CONTENT: 'false', AGENTSIGHT_EXPORTERS: 'local', AGENTSIGHT_SAMPLE_RATE: '1' },
      cwd,
    );
    expect(config.captureContent).toBe(true);
    expect(config.exporters).toEqual(['console']);
    expect(config.sampleRate).toBe(0.5);
  });

  it('keeps unset distinct from false: an empty variable is unset', () => {
    expect(resolveConfig({}, { AGENTSIGHT_CAPTURE_CONTENT: '' }, cwd).config.captureContent).toBe(true);
    expect(resolveConfig({}, { AGENTSIGHT_CAPTURE_CONTENT: '   ' }, cwd).config.captureContent).toBe(true);
    expect(resolveConfig({}, { AGENTSIGHT_CAPTURE_CONTENT: 'false' }, cwd).config.captureContent).toBe(false);
  });

  it('honours the OpenTelemetry variables where ours are unset', () => {
    const env = {
      OTEL_SDK_DISABLED: 'true',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'false',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'anthropic,http',
    };
    const { config } = resolveConfig({}, env, cwd);
    expect(config.enabled).toBe(false);
    expect(config.captureContent).toBe(false);
    expect(config.instrumentAnthropic).toBe(false);
    expect(config.instrumentOpenAI).toBe(true);
    // Ours win over theirs.
    const ours = resolveConfig({}, { ...env, AGENTSIGHT_ENABLED: 'true', AGENTSIGHT_CAPTURE_CONTENT: 'true' }, cwd).config;
    expect(ours.enabled).toBe(true);
    expect(ours.captureContent).toBe(true);
    // An allow-list enables only what it names.
    expect(resolveConfig({}, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'openai' }, cwd).config.instrumentAnthropic).toBe(false);
  });

  it('takes redact as a switch of the built-in redaction, or as a hook (the switch then follows AGENTSIGHT_REDACT)', () => {
    const hook = (): void => {};
    expect(resolveConfig({}, {}, cwd).config).toMatchObject({ redact: true, redactHook: undefined });
    expect(resolveConfig({ redact: false }, {}, cwd).config).toMatchObject({ redact: false, redactHook: undefined });
    expect(resolveConfig({}, { AGENTSIGHT_REDACT: 'false' }, cwd).config.redact).toBe(false);
    expect(resolveConfig({ redact: hook }, {}, cwd).config).toMatchObject({ redact: true, redactHook: hook });
    expect(resolveConfig({ redact: hook }, { AGENTSIGHT_REDACT: 'false' }, cwd).config).toMatchObject({ redact: false, redactHook: hook });
    expect(resolveConfig({ redact: 'yes' as never }, {}, cwd).problems).toEqual([
      { source: 'init({ redact })', value: 'yes', accepted: 'true or false' },
    ]);
  });

  it("'none' turns every exporter off", () => {
    expect(resolveConfig({}, { AGENTSIGHT_EXPORTERS: 'none' }, cwd).config.exporters).toEqual([]);
  });

  it.each([
    ['AGENTSIGHT_ENABLED', 'maybe', 'true or false'],
    ['AGENTSIGHT_EXPORTERS', 'local,jaeger', 'a comma-separated list of local, otlp, console, none'],
    ['AGENTSIGHT_SAMPLE_RATE', '1.5', 'a number from 0 to 1'],
    ['AGENTSIGHT_SAMPLE_RATE', 'half', 'a number from 0 to 1'],
    ['AGENTSIGHT_SESSION_BUDGET_USD', '0', 'a number of US dollars above 0'],
    ['AGENTSIGHT_BUDGET_MODE', 'block', 'warn or enforce'],
    ['AGENTSIGHT_LOG_LEVEL', 'verbose', 'none, error, warn, info or debug'],
    ['AGENTSIGHT_SHUTDOWN_TIMEOUT_MS', '-1', 'a number of milliseconds from 0 to 60000'],
    ['AGENTSIGHT_OPENAI_STREAM_USAGE', 'sometimes', 'auto, always or never'],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'yes please', 'true or false'],
  ])('rejects %s=%j, naming the variable and the accepted values', (name, value, accepted) => {
    const { problems } = resolveConfig({}, { [name]: value }, cwd);
    expect(problems).toEqual([{ source: name, value, accepted }]);
    const error = new ConfigError(problems);
    expect(error.code).toBe('AGENTSIGHT_CONFIG');
    expect(error.message).toBe(`${name}=${JSON.stringify(value)} is invalid: expected ${accepted}`);
  });

  it('falls back to the default of a bad setting and lists every problem', () => {
    const { config, problems } = resolveConfig({}, { AGENTSIGHT_SAMPLE_RATE: '7', AGENTSIGHT_LOG_LEVEL: 'loud' }, cwd);
    expect(config.sampleRate).toBe(1);
    expect(config.logLevel).toBe('warn');
    expect(problems.map((p) => p.source)).toEqual(['AGENTSIGHT_SAMPLE_RATE', 'AGENTSIGHT_LOG_LEVEL']);
  });

  it('checks init() options too', () => {
    const { problems } = resolveConfig({ sampleRate: 3, budgetMode: 'stop' as never }, {}, cwd);
    expect(problems).toEqual([
      { source: 'init({ sampleRate })', value: '3', accepted: 'a number from 0 to 1' },
      { source: 'init({ budgetMode })', value: 'stop', accepted: 'warn or enforce' },
    ]);
  });

  it('has one switch per provider of the registry: option, variable and OpenTelemetry name', () => {
    for (const provider of PROVIDERS) {
      const option = providerOption(provider);
      const variable = providerSwitchVariable(provider);
      expect(resolveConfig({}, {}, cwd).config[option]).toBe(true);
      expect(resolveConfig({}, { [variable]: 'false' }, cwd).config[option]).toBe(false);
      expect(resolveConfig({ [option]: false }, { [variable]: 'true' }, cwd).config[option]).toBe(false);
      expect(resolveConfig({}, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: provider.name }, cwd).config[option]).toBe(false);
      expect(resolveConfig({}, { [variable]: 'sometimes' }, cwd).problems).toEqual([
        { source: variable, value: 'sometimes', accepted: 'true or false' },
      ]);
    }
  });

  it("resolves the OTLP variables per signal: the signal's own wins, the general endpoint gets /v1/<signal>", () => {
    const { config, warnings } = resolveConfig(
      {},
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:9000/custom',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20abc',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta',
        OTEL_METRIC_EXPORT_INTERVAL: '5000',
      },
      cwd,
    );
    expect(warnings).toEqual([]);
    expect(config.otlp.traces).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      headers: { 'x-tenant': 'traces', authorization: 'Bearer abc' },
      gzip: true,
      timeoutMs: 2500,
    });
    expect(config.otlp.metrics.protocol).toBe('http/protobuf');
    expect(config.otlp.logs.url).toBe('http://logs:9000/custom');
    expect(config.otlp.temporality).toBe('delta');
    expect(config.otlp.metricExportIntervalMs).toBe(5000);
    expect(resolveConfig({}, {}, cwd).config.otlp.traces).toEqual({
      url: 'http://localhost:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
      gzip: false,
      timeoutMs: 10_000,
    });
  });

  it('reports a bad standard OpenTelemetry variable once, as a warning, and uses its default', () => {
    const { config, problems, warnings } = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TIMEOUT: 'soon', OTEL_EXPORTER_OTLP_HEADERS: 'broken' },
      cwd,
    );
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      { source: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc', accepted: 'http/protobuf or http/json' },
      { source: 'OTEL_EXPORTER_OTLP_HEADERS', value: 'broken', accepted: 'a comma-separated list of key=value pairs (URL-encoded)' },
      { source: 'OTEL_EXPORTER_OTLP_TIMEOUT', value: 'soon', accepted: 'a number of milliseconds above 0' },
    ]);
    expect(config.otlp.traces.protocol).toBe('http/protobuf');
    expect(config.otlp.logs.timeoutMs).toBe(10_000);
  });

  it('knows whether the exporter list was chosen or defaulted', () => {
    expect(resolveConfig({}, {}, cwd).config.exportersExplicit).toBe(false);
    expect(resolveConfig({}, { AGENTSIGHT_EXPORTERS: 'local' }, cwd).config.exportersExplicit).toBe(true);
    expect(resolveConfig({ exporters: ['otlp'] }, {}, cwd).config.exportersExplicit).toBe(true);
  });
});
