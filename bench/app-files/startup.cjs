/** The start-up app, CommonJS: loads both SDKs and makes one client of each (copied into each bench app). */
const openai = require('openai');
const anthropic = require('@anthropic-ai/sdk');

const OpenAI = openai.OpenAI ?? openai.default;
const Anthropic = anthropic.Anthropic ?? anthropic.default;
new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1' });
new Anthropic({ apiKey: 'sk-ant-bench', baseURL: 'http://127.0.0.1:9' });
