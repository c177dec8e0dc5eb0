/** The start-up app, ESM: loads both SDKs and makes one client of each (copied into each bench app). */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1' });
new Anthropic({ apiKey: 'sk-ant-bench', baseURL: 'http://127.0.0.1:9' });
