/**
 * The benchmark child as an ESM app runs it (`npm run bench -- --app esm`; copied into each bench
 * app by bench/apps.mjs): it imports the SDK by its real name, so the ESM hooks see it, and hands
 * it to bench/child.mjs. `BENCH_OPTIONS` (JSON) says what to run.
 */
const options = JSON.parse(process.env.BENCH_OPTIONS);
const sdk = options.sdk === 'openai' ? await import('openai') : await import('@anthropic-ai/sdk');
const { runChild } = await import(options.childUrl);
await runChild(sdk, options);
