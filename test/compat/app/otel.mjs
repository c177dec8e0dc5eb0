// The ESM app's own OpenTelemetry SDK (`node --import ./otel.mjs --import agentsight/register ...`): the same as otel.cjs.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./otel.cjs');
