// LogCapture: what the app writes through the console, and through pino with agentsight's
// destination, becomes log records of the session that wrote it; the terminal shows the same.
// `npx agentsight show <id>` puts each record under the span it was written in.
//   node --import agentsight/register examples/logs.mjs
import pino from 'pino';
import { pinoDestination, withSession, withTool } from 'agentsight';

const logger = pino({ base: undefined, timestamp: false }, pinoDestination());

await withSession({ name: 'support-ticket' }, async () => {
  console.log('ticket %s: %o', '#4521', { customer: 'ann', topic: 'refund' });
  await withTool('lookup_order', async () => {
    logger.info({ order: 4521 }, 'order found');
    console.warn('order is older than 30 days');
  });
});
console.log('not recorded: no session is active');
