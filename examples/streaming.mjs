// Streams keep working as without agentsight (same chunks, same helpers); the span ends when the
// stream does, even when the caller stops reading early.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { withSession } from 'agentsight';

const openai = new OpenAI();
const anthropic = new Anthropic();

await withSession({ name: 'streaming' }, async () => {
  let text = '';
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: 'Count to five.' }],
  });
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';

  const messageStream = anthropic.messages.stream({
    model: 'claude-haiku-5-5',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Count to five.' }],
  });
  messageStream.on('text', () => {});
  const message = await messageStream.finalMessage();

  // Leaving a stream early ends its span too (marked agentsight.ended_by=caller_stopped).
  const early = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: 'Go on forever.' }],
  });
  for await (const _ of early) break;

  console.log(`openai: ${text.length} chars, anthropic: ${message.content.length} block(s)`);
});
