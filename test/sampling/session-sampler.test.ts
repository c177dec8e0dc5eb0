/**
 * The session sampler on its own: the root decision is OpenTelemetry's trace-id ratio decision,
 * a parent's decision is followed (remote ones too), and with keep-failed on a sampled-out trace
 * is recorded but not sampled, for as long as its trace is.
 */
import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Context, type SpanContext } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { SessionSampler } from '../../src/telemetry/sampling/session-sampler';

const traceId = () => randomBytes(16).toString('hex');
const spanId = () => randomBytes(8).toString('hex');

function withParent(flags: number, isRemote: boolean, recording = false): Context {
  const ctx: SpanContext = { traceId: traceId(), spanId: spanId(), traceFlags: flags, isRemote };
  if (!recording) return trace.setSpanContext(ROOT_CONTEXT, ctx);
  const span = { ...trace.wrapSpanContext(ctx), spanContext: () => ctx, isRecording: () => true };
  return trace.setSpan(ROOT_CONTEXT, span as never);
}

const decide = (sampler: SessionSampler, ctx: Context, id = traceId()) =>
  sampler.shouldSample(ctx, id, 'span', SpanKind.INTERNAL, {}, []).decision;

describe('SessionSampler', () => {
  it('decides a root exactly as the trace-id ratio sampler does, so every process decides a trace alike', () => {
    const ours = new SessionSampler(0.3, false);
    const theirs = new TraceIdRatioBasedSampler(0.3);
    for (let i = 0; i < 2_000; i++) {
      const id = traceId();
      const expected = theirs.shouldSample(ROOT_CONTEXT, id).decision;
      expect(decide(ours, ROOT_CONTEXT, id)).toBe(
        expected === SamplingDecision.RECORD_AND_SAMPLED ? expected : SamplingDecision.NOT_RECORD,
      );
    }
  });

  it('records a sampled-out root without sampling it when failed sessions are kept', () => {
    expect(decide(new SessionSampler(0, true), ROOT_CONTEXT)).toBe(SamplingDecision.RECORD);
    expect(decide(new SessionSampler(0, false), ROOT_CONTEXT)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(new SessionSampler(1, true), ROOT_CONTEXT)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it.each([
    ['remote sampled', TraceFlags.SAMPLED, true, false, SamplingDecision.RECORD_AND_SAMPLED, SamplingDecision.RECORD_AND_SAMPLED],
    ['remote not sampled', TraceFlags.NONE, true, false, SamplingDecision.NOT_RECORD, SamplingDecision.RECORD],
    ['local sampled', TraceFlags.SAMPLED, false, true, SamplingDecision.RECORD_AND_SAMPLED, SamplingDecision.RECORD_AND_SAMPLED],
    ['local held (recording, not sampled)', TraceFlags.NONE, false, true, SamplingDecision.NOT_RECORD, SamplingDecision.RECORD],
    ['local not recording', TraceFlags.NONE, false, false, SamplingDecision.NOT_RECORD, SamplingDecision.NOT_RECORD],
  ])('follows a %s parent, whatever the rate', (_name, flags, remote, recording, plain, keepFailed) => {
    // Rate 1 and 0 alike: the parent decides.
    for (const rate of [0, 1]) {
      expect(decide(new SessionSampler(rate, false), withParent(flags, remote, recording))).toBe(plain);
      expect(decide(new SessionSampler(rate, true), withParent(flags, remote, recording))).toBe(keepFailed);
    }
  });
});
