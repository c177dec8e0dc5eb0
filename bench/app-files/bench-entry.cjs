/**
 * The benchmark child as an app runs it (copied into each bench app by bench/apps.mjs): it
 * requires the SDK by its real name from the app's node_modules, as a CommonJS app does (the
 * setups in the peers' READMEs are all CommonJS), and hands it to bench/child.mjs, which makes
 * and times the calls. `BENCH_OPTIONS` (JSON) says what to run.
 */
const options = JSON.parse(process.env.BENCH_OPTIONS);
const sdk = options.sdk === 'openai' ? require('openai') : require('@anthropic-ai/sdk');

import(options.childUrl)
  .then(({ runChild }) => runChild(sdk, options))
  .catch((error) => {
    process.stderr.write(`bench child: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
