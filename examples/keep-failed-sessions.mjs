// Sampling that keeps the failures: with a sample rate of 0 every session is sampled out, but
// AGENTSIGHT_KEEP_FAILED_SESSIONS holds each one until it ends and keeps the one that fails,
// whole, with its logs. Only `nightly-2` reaches the store.
//   AGENTSIGHT_SAMPLE_RATE=0 AGENTSIGHT_KEEP_FAILED_SESSIONS=true node --import agentsight/register examples/keep-failed-sessions.mjs
import { withSession, withTool } from 'agentsight';

for (const run of [1, 2, 3]) {
  await withSession({ name: `nightly-${run}` }, async () => {
    console.log(`run ${run} starts`);
    await withTool('fetch_report', async () => {
      if (run === 2) throw new Error('report service unavailable');
    });
  }).catch((error) => console.error(`run ${run} failed: ${error.message}`));
}
