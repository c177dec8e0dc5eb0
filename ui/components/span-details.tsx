/** The selected span: what it is, its timing, tokens, cost, conversation, tool input and output, events and attributes. */
import type { ComponentChildren } from 'preact';
import type { SpanView } from '../../src/ui/api-types';
import { CATEGORY_TEXT, formatCount, formatDuration, formatLocalTime, formatUsage, formatUsd } from '../format';
import { ChatView } from './chat';

export function SpanDetails({ span, sessionStartMs }: { span: SpanView; sessionStartMs: number }) {
  const llm = span.llm;
  return (
    <section class={`details cat-${span.category}`} aria-label="span details" data-span-id={span.spanId}>
      <header class="details-head">
        <span class={`kind kind-${span.category}`}>{CATEGORY_TEXT[span.category]}</span>
        <h2>{span.name}</h2>
      </header>
      {span.status === 'error' ? (
        <p class={`details-error${span.ownError ? '' : ' passed'}`}>
          ✗ {span.errorType ?? 'error'}
          {span.statusMessage ? `: ${span.statusMessage}` : ''}
          {span.ownError ? '' : ' (raised inside)'}
        </p>
      ) : null}
      {span.missing ? <p class="muted">This span is not in the store: it is still open, or its process ended before writing it.</p> : null}
      {span.endedBy ? <p class="notice">Ended by agentsight: {span.endedBy}</p> : null}

      <Facts>
        <Fact name="duration">{formatDuration(span.endMs - span.startMs)}</Fact>
        <Fact name="starts at">
          +{formatDuration(span.startMs - sessionStartMs)} ({formatLocalTime(span.startMs, true)})
        </Fact>
        {llm ? (
          <>
            <Fact name="model">
              {llm.responseModel ?? llm.requestModel ?? '?'}
              {llm.responseModel && llm.requestModel && llm.responseModel !== llm.requestModel ? (
                <span class="muted"> (asked for {llm.requestModel})</span>
              ) : null}
            </Fact>
            {llm.provider ? <Fact name="provider">{llm.provider}</Fact> : null}
            <Fact name="tokens">{llm.usage ? formatUsage(llm.usage) : <span class="muted">no usage reported</span>}</Fact>
            {llm.usage && llm.usage.cacheCreation > 0 ? <Fact name="cache write">{formatCount(llm.usage.cacheCreation)}</Fact> : null}
            <Fact name="cost">
              {llm.costUsd !== null ? formatUsd(llm.costUsd) : llm.unpriced ? 'unknown (the model has no known price)' : '-'}
              {llm.costParts ? (
                <span class="muted">
                  {' '}
                  (input {formatUsd(llm.costParts.input)}, output {formatUsd(llm.costParts.output)}
                  {llm.costParts.cacheRead > 0 ? `, cache read ${formatUsd(llm.costParts.cacheRead)}` : ''}
                  {llm.costParts.cacheWrite > 0 ? `, cache write ${formatUsd(llm.costParts.cacheWrite)}` : ''})
                </span>
              ) : null}
            </Fact>
            <Fact name="time to first token">
              {llm.timeToFirstChunkMs !== null ? formatDuration(llm.timeToFirstChunkMs) : <span class="muted">not streamed</span>}
            </Fact>
            {llm.finishReasons.length > 0 ? <Fact name="finish">{llm.finishReasons.join(', ')}</Fact> : null}
          </>
        ) : null}
        {span.rollup ? (
          <>
            <Fact name="LLM calls inside">{formatCount(span.rollup.llmCalls)}</Fact>
            <Fact name="tokens inside">{formatUsage(span.rollup.usage)}</Fact>
            <Fact name="cost inside">{formatUsd(span.rollup.costUsd)}</Fact>
            {span.rollup.errors > 0 ? <Fact name="errors inside">{formatCount(span.rollup.errors)}</Fact> : null}
          </>
        ) : null}
        {span.agentName ? <Fact name="agent">{span.agentName}</Fact> : null}
        {span.toolName ? <Fact name="tool">{span.toolName}</Fact> : null}
        {span.mcpMethod ? <Fact name="MCP method">{span.mcpMethod}</Fact> : null}
        {span.delegation ? (
          <>
            <Fact name="delegated to">{span.delegation.target ?? '?'}</Fact>
            <Fact name="delegation">{span.delegation.state ?? '?'}</Fact>
            {span.delegation.id ? <Fact name="delegation id">{span.delegation.id}</Fact> : null}
          </>
        ) : null}
        <Fact name="span id">
          <code>{span.spanId}</code> <span class="muted">({span.otelKind.toLowerCase()})</span>
        </Fact>
      </Facts>

      {span.conversation ? (
        <Section title="Conversation">
          <ChatView conversation={span.conversation} />
        </Section>
      ) : null}
      {span.toolIo ? (
        <Section title="Tool call">
          {span.toolIo.arguments !== null ? (
            <>
              <h4>arguments</h4>
              <pre class="tool-io">{span.toolIo.arguments}</pre>
            </>
          ) : null}
          {span.toolIo.result !== null ? (
            <>
              <h4>result</h4>
              <pre class="tool-io">{span.toolIo.result}</pre>
            </>
          ) : null}
        </Section>
      ) : null}
      {span.events.length > 0 ? (
        <Section title={`Events (${span.events.length})`}>
          {span.events.map((e, i) => (
            <div class="event" key={i}>
              <div class="event-head">
                <strong>{e.name}</strong> <span class="muted">+{formatDuration(e.timeMs - span.startMs)}</span>
              </div>
              <AttributeTable attributes={e.attributes} />
            </div>
          ))}
        </Section>
      ) : null}
      {Object.keys(span.attributes).length > 0 ? (
        <details class="section">
          <summary>All attributes ({Object.keys(span.attributes).length})</summary>
          <AttributeTable attributes={span.attributes} />
        </details>
      ) : null}
    </section>
  );
}

function Facts({ children }: { children: ComponentChildren }) {
  return <dl class="facts">{children}</dl>;
}

function Fact({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export function AttributeTable({ attributes }: { attributes: Record<string, unknown> }) {
  const keys = Object.keys(attributes).sort();
  return (
    <table class="attributes">
      <tbody>
        {keys.map((key) => {
          const value = attributes[key];
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          return (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>
                <pre>{text}</pre>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
