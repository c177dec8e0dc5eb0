// For apps whose bundler (esbuild, webpack) inlines the SDK, nothing is left for the module hooks
// to catch: call init() and instrument the SDK class yourself. Run WITHOUT agentsight/register:
// `node examples/bundled-manual.cjs`.
const OpenAI = require('openai');
const { init, instrumentOpenAI, withSession, shutdown } = require('agentsight');

init({ sessionName: 'bundled-app' });
instrumentOpenAI(OpenAI); // every client of this class is traced from now on

const openai = new OpenAI();
withSession({ name: 'bundled' }, () =>
  openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
)
  .then((reply) => console.log('reply:', reply.choices[0].message.content))
  .finally(() => shutdown());
