/**
 * The sampler of agentsight's tracer provider: whole sessions, decided once.
 *
 * A trace is decided at its root from its trace id (the same deterministic test as OpenTelemetry's
 * `TraceIdRatioBasedSampler`, so every process decides a trace id alike); a session is the root of
 * its trace, so the session's spans all follow its decision and a session is never half a tree. A
 * parent's decision is followed, a remote one (W3C `traceparent`) included.
 *
 * A sampled-out trace is not recorded at all (work in it costs close to nothing), unless failed
 * sessions are kept (`AGENTSIGHT_KEEP_FAILED_SESSIONS`): then it is recorded but not sampled
 * (`RECORD`), so the keep-failed processor can hold its spans and export them if it fails.
 */
import { isSpanContextValid, trace, TraceFlags, type Attributes, type Context, type Link, type SpanKind } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

const KEEP: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const HOLD: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });
const SKIP: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

export class SessionSampler implements Sampler {
  private readonly ratio: TraceIdRatioBasedSampler;
  /** What a sampled-out trace gets. */
  private readonly sampledOut: SamplingResult;

  constructor(
    private readonly rate: number,
    private readonly keepFailed: boolean,
  ) {
    this.ratio = new TraceIdRatioBasedSampler(rate);
    this.sampledOut = keepFailed ? HOLD : SKIP;
  }

  shouldSample(ctx: Context, traceId: string, _name?: string, _kind?: SpanKind, _attributes?: Attributes, _links?: Link[]): SamplingResult {
    const parent = trace.getSpanContext(ctx);
    if (!parent || !isSpanContextValid(parent)) {
      return this.ratio.shouldSample(ctx, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED ? KEEP : this.sampledOut;
    }
    if (parent.traceFlags & TraceFlags.SAMPLED) return KEEP;
    // Sampled out upstream. Held here only while its trace is: a remote parent's (its process may
    // keep it too if it fails), or a local parent still recording (a held session's open span).
    if (!this.keepFailed) return SKIP;
    if (parent.isRemote) return HOLD;
    return trace.getSpan(ctx)?.isRecording() ? HOLD : SKIP;
  }

  toString(): string {
    return `SessionSampler{rate=${this.rate}, keepFailed=${this.keepFailed}}`;
  }
}
