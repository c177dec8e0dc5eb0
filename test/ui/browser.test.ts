/**
 * The viewer in a real browser (headless Chromium driven by playwright-core): `agentsight ui`
 * started as a user starts it, over a store holding the demo session (recorded by `npm run demo`)
 * and the fixture sessions. Screenshots go to .tmp/artifacts/ui/; with UPDATE_DOCS=1 the session
 * screenshot the README shows is written too (docs/images/ui-session.png).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { listSessionFiles, readSession } from '../../src/store/reader';
import type { SessionBuilder } from '../cli/fixtures';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';
import { CORRUPT_ID, RICH_ID, RUNNING_ID, TEAM_ID, UNKNOWN_ID, appendRunningCall, tempStore, viewerStore } from './fixtures';
import { startViewer, type Viewer } from './viewer-process';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, '.tmp', 'artifacts', 'ui');
const README_SCREENSHOT = path.join(REPO_ROOT, 'docs', 'images', 'ui-session.png');
// This machine's closed network refuses Chromium's background connections: ask for none.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let store: string;
let running: SessionBuilder;
let demoId: string;
let viewer: Viewer;
/** A fresh Chromium profile (user data dir) for this run, removed after it. */
let profile: string | undefined;
let browser: BrowserContext;
let page: Page;
/** Errors the page logged or threw; none is expected. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  store = tempStore();
  ({ running } = viewerStore(store));
  const demo = await runNode([path.join('scripts', 'demo.mjs')], {
    cwd: REPO_ROOT,
    env: cleanEnv({ AGENTSIGHT_DIR: store }),
    timeoutMs: 60_000,
  });
  expect(demo.code).toBe(0);
  demoId = listSessionFiles(store)
    .map(readSession)
    .find((s) => s.start?.name === 'trip-planner')!.id;
  viewer = await startViewer(['--dir', store]);
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    pageErrors.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  const code = await viewer?.stop();
  expect(code).toBe(0);
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

/** Opens a page of the viewer as a new document (a hash change alone would leave the last page on screen until the new one is drawn). */
async function open(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${viewer.url}${hash}`);
}

const rowNames = (): Promise<string[]> => page.$$eval('.session-row .name a', (links) => links.map((a) => a.textContent ?? ''));

/**
 * Waits until `check` is true, asking every 50 ms. (Not `page.waitForFunction`: a predicate given
 * as a string runs through eval, which the viewer's Content Security Policy rightly refuses.)
 */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the list shows `names` first (after a filter, a page, a search). */
async function listStartsWith(names: string[]): Promise<void> {
  await until(
    async () => {
      const shown = await rowNames();
      return names.every((name, i) => shown[i] === name);
    },
    `the list to start with ${names.join(', ')}`,
  );
}

const detailsText = (): Promise<string> => page.locator('.details').innerText();

describe('agentsight ui in a browser', () => {
  it('lists the sessions newest first, filters them and pages through them', async () => {
    await open('#/');
    await listStartsWith(['trip-planner', 'live-agent', 'research-team', 'support-bot']);
    expect(await page.locator('.list-summary').innerText()).toBe('125 sessions');
    expect(await page.locator('.session-row').count()).toBe(50);
    await shot('sessions');

    await page.selectOption('select[name=state]', 'fail');
    await listStartsWith(['support-bot', 'batch-job-0', 'batch-job-10']);
    expect(await page.locator('.list-summary').innerText()).toBe('13 of 125 sessions match');
    expect(page.url()).toContain('state=fail');

    await page.selectOption('select[name=state]', '');
    await page.selectOption('select[name=tag]', 'mcp');
    await listStartsWith(['research-team']);
    expect(await rowNames()).toEqual(['research-team']);

    await page.selectOption('select[name=tag]', '');
    await page.selectOption('select[name=model]', 'claude-sonnet-4-5');
    await listStartsWith(['research-team', 'support-bot']);
    expect(await rowNames()).toEqual(['research-team', 'support-bot']);

    // Free text reaches into captured content: this is in a prompt of support-bot only.
    await page.selectOption('select[name=model]', '');
    await page.fill('input[name=q]', 'order #1234');
    await page.press('input[name=q]', 'Enter');
    await until(async () => (await page.locator('.session-row').count()) === 1, 'one row');
    expect(await rowNames()).toEqual(['support-bot']);
    await shot('sessions-search');

    await page.click('text=clear filters');
    await listStartsWith(['trip-planner']);
    await page.click('text=older ›');
    await listStartsWith(['batch-job-45']);
    expect(await page.locator('.pager-where').innerText()).toBe('51–100 of 125');
  });

  it('opens the demo session; an LLM call shows its messages, tokens, cost and time to first token', async () => {
    await open('#/');
    await page.click(`.session-row[data-session-id="${demoId}"] .name a`);
    await page.waitForSelector('.session .waterfall');
    expect(await page.locator('.session-head h1').innerText()).toContain('trip-planner');
    const categories = await page.$$eval('.wf-span', (rows) =>
      rows.map((r) => `${r.getAttribute('data-category')} ${r.querySelector('.wf-name')?.textContent}`),
    );
    expect(categories).toEqual([
      'session session trip-planner',
      'agent invoke_agent planner',
      'llm chat gpt-4o-mini',
      'tool execute_tool get_weather',
      'llm chat gpt-4o-mini',
      'agent invoke_agent editor',
      'llm chat claude-haiku-5-5',
    ]);
    // The streamed call: after the tool result, the plan.
    await page.locator('.wf-span[data-category=llm]').nth(1).click();
    await page.waitForSelector('.details .chat');
    const details = await detailsText();
    expect(details).toContain('gpt-4o-mini-2024-07-18');
    expect(details).toMatch(/tokens\s+1,310 in \(1,024 cached\) \/ 420 out/);
    expect(details).toMatch(/cost\s+\$0\.0004 \(input \$0\.000043, output \$0\.0003, cache read \$0\.000077\)/);
    expect(details).toMatch(/time to first token\s+\d+(\.\d)?ms/);
    const roles = await page.$$eval('.details .msg', (messages) => messages.map((m) => m.getAttribute('data-role')));
    expect(roles).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(await page.locator('.details .msg-user').innerText()).toContain('Plan my Saturday in Lisbon.');
    expect(await page.locator('.details .part-tool-call').innerText()).toContain('calls tool get_weather');
    expect(await page.locator('.details .msg-output').innerText()).toContain('Morning at Belem, lunch in Alfama');
    expect(page.url()).toContain('?span=');
    expect(await page.locator('.charts').innerText()).toContain('planner');
    // Tall enough for the whole conversation, response included.
    await page.setViewportSize({ width: 1440, height: 1120 });
    const image = await shot('session-demo');
    await page.setViewportSize({ width: 1440, height: 900 });
    if (process.env.UPDATE_DOCS === '1') {
      fs.mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
      fs.writeFileSync(README_SCREENSHOT, image);
    }
  });

  it('opens an errored session: the failed span in red, its error, logs among the spans, content as text', async () => {
    await open(`#/session/${RICH_ID}`);
    await page.waitForSelector('.session .waterfall');
    expect(await page.locator('.session-head .state').innerText()).toBe('fail');
    expect(await page.locator('.session-head .reason').innerText()).toBe('TypeError: fetch failed');
    const failed = page.locator('.wf-span', { hasText: 'execute_tool fetch_page' });
    expect(await failed.getAttribute('class')).toContain('error-own');
    const logs = await page.$$eval('.wf-log', (rows) =>
      rows.map((r) => `${r.getAttribute('data-log-severity')} ${r.querySelector('.wf-log-body')?.textContent}`),
    );
    expect(logs).toEqual([
      'INFO ticket #4521: refund for a double charge',
      'INFO planner: looking up order 1234',
      'DEBUG searching the order history',
      'ERROR GET https://shop.example/orders/4521 failed: fetch failed\n    at fetchPage (agent.js:88:11)',
      'WARN fetch_page failed, retrying without cache',
      'WARN answer stream stopped early; replying with what arrived',
      'ERROR giving up: TypeError: fetch failed',
    ]);
    await failed.click();
    expect(await page.locator('.details .details-error').innerText()).toBe('✗ TypeError: fetch failed');
    await shot('session-error');

    // Captured content is shown as text, never run as HTML.
    await page.locator('.wf-span', { hasText: 'chat gpt-4o' }).first().click();
    expect(await page.locator('.details .msg-user .part-text').innerText()).toBe(
      'My order #1234 has not arrived. <script>alert("x")</script>',
    );
    expect(await page.locator('.details script').count()).toBe(0);
    expect(await page.locator('.details .part-thinking').innerText()).toContain('thinking');
  });

  it('tells delegations and MCP requests apart; a delegation in flight waits, it does not fail', async () => {
    await open(`#/session/${TEAM_ID}`);
    await page.waitForSelector('.session .waterfall');
    const waiting = page.locator('.wf-span[data-category=delegation]', { hasText: 'delegate reviewer' });
    expect(await waiting.locator('.wf-note').innerText()).toBe('waiting on reviewer');
    expect(await waiting.getAttribute('class')).not.toContain('error');
    expect(await page.locator('.wf-span[data-category=mcp]').innerText()).toContain('tools/call web_search');
    await shot('session-delegation');
  });

  it('updates a running session live', async () => {
    await open(`#/session/${RUNNING_ID}`);
    await page.waitForSelector('.session .waterfall');
    expect(await page.locator('.session-head .state').innerText()).toBe('running');
    expect(await page.locator('.wf-span[data-category=llm]').count()).toBe(1);
    appendRunningCall(store, running, 1_000);
    await until(async () => (await page.locator('.wf-span[data-category=llm]').count()) === 2, 'the new LLM call', 15_000);
    expect(await page.locator('.card').first().innerText()).toContain('2');
  });

  it('shows a clear page for an unknown session, a corrupt file and an empty store', async () => {
    await open(`#/session/${UNKNOWN_ID}`);
    await page.waitForSelector('.problem');
    expect(await page.locator('.problem h1').innerText()).toBe('No such session');
    expect(await page.locator('.problem-message').innerText()).toBe(`there is no session with id "${UNKNOWN_ID}" in ${store}`);
    await shot('unknown-session');

    await open(`#/session/${CORRUPT_ID}`);
    await page.waitForSelector('.problem');
    expect(await page.locator('.problem h1').innerText()).toBe('This session cannot be shown');
    expect(await page.locator('.problem-message').innerText()).toMatch(/is corrupt: none of its lines could be read \(3 lines skipped\)$/);
    expect(await page.locator('.problem').innerText()).not.toMatch(/\n\s+at /);
    await shot('corrupt-session');

    // The browser logs the two answers the pages explain (404, 422): those are expected.
    const expected = /^Failed to load resource: the server responded with a status of (404 \(Not Found\)|422 \(Unprocessable Entity\))$/;
    pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !expected.test(e)));

    const empty = await startViewer(['--dir', path.join(tempStore(), 'empty')]);
    try {
      await page.goto(empty.url);
      await page.waitForSelector('.problem');
      expect(await page.locator('.problem h1').innerText()).toBe('No sessions yet');
      expect(await page.locator('.problem').innerText()).toContain('node --import agentsight/register app.js');
      await shot('empty-store');
    } finally {
      expect(await empty.stop()).toBe(0);
    }
  });
});
