// The bridge's web page in a real browser: Debian's chromium, driven by playwright-core, with
// two headless nodes, all inside one private network namespace (run-browser-test.sh).
//   1. Alice's page, opened with the one-time link of `tincan ctl open-url`, shows Bob online; a
//      message typed there arrives at Bob (checked through Bob's API) and Bob's answer appears
//      live. Screenshots are saved. The same link does not open the page a second time.
//   2. A page from another origin, even one that knows the token, cannot use the API: fetch
//      fails, a form-style POST is refused, the WebSocket never opens.
// Usage: node bridge-page.mjs <tincan binary> <node_modules dir> <output dir>
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const [tincan, modules, outDir] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'package.json'));
const { chromium } = require('playwright-core');

const work = mkdtempSync(path.join(os.tmpdir(), 'tincan-browser-'));
const children = [];
const step = (text) => console.log(`--- ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, test, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await test().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function startNode(name) {
  const profile = path.join(work, name.toLowerCase());
  const child = spawn(tincan, ['--profile', profile, '--name', name, '--headless',
    '--no-discovery', '--bridge', '0'], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return { name, profile, child };
}

async function ready(node) {
  const info = await until(`${node.name}'s node.json`, async () => {
    const json = JSON.parse(readFileSync(path.join(node.profile, 'node.json'), 'utf8'));
    return json.pid === node.child.pid && json.bridge ? json : undefined;
  });
  node.port = info.port;
  node.bridge = info.bridge.port;
  node.token = readFileSync(path.join(node.profile, 'bridge.token'), 'utf8').trim();
  node.id = info.fingerprint;
  return node;
}

// The API as a script uses it: Node's fetch, the token as a header, no Origin.
async function api(node, method, route, body) {
  const response = await fetch(`http://127.0.0.1:${node.bridge}/api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${json.error}`);
  return json;
}

async function history(node, peer) {
  return (await api(node, 'GET', `/conversations/${peer.id}/messages?limit=50`)).messages;
}

// A page served from another origin (another loopback port) that tries the bridge with a
// leaked token. It reports what happened in its title.
function foreignSite(alice) {
  const page = `<!doctype html><title>probing</title><script>
    (async () => {
      const result = {};
      const base = 'http://127.0.0.1:${alice.bridge}';
      try {
        const r = await fetch(base + '/api/v1/identity', { headers: { Authorization: 'Bearer ${alice.token}' } });
        result.fetch = 'status ' + r.status;
      } catch (e) { result.fetch = 'blocked'; }
      try {
        await fetch(base + '/api/v1/messages', { method: 'POST', mode: 'no-cors',
          headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ to: '${alice.peerId}', text: 'forged' }) });
        result.post = 'sent';
      } catch (e) { result.post = 'blocked'; }
      result.socket = await new Promise((resolve) => {
        const ws = new WebSocket('ws://127.0.0.1:${alice.bridge}/api/v1/events?token=${alice.token}');
        ws.onmessage = () => resolve('opened');
        ws.onclose = (e) => resolve('closed ' + e.code);
        setTimeout(() => resolve('timeout'), 10000);
      });
      document.title = 'done ' + JSON.stringify(result);
    })();
  </script>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  step('two headless nodes with the bridge');
  const alice = await ready(startNode('Alice'));
  const bob = await ready(startNode('Bob'));
  await api(bob, 'POST', '/peers', { target: `127.0.0.1:${alice.port}` });
  await until('Alice to see Bob online', async () =>
    (await api(alice, 'GET', '/peers')).peers.some((p) => p.id === bob.id && p.online));
  alice.peerId = bob.id;

  step('chromium (Debian\'s), headless, fresh profile');
  const userDataDir = path.join(work, 'chromium');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic'],
    viewport: { width: 1280, height: 800 },
  });
  const problems = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

  step('the one-time link of `tincan ctl open-url` opens the page, which shows Bob online');
  const opened = spawnSync(tincan, ['ctl', 'open-url', '--profile', alice.profile],
    { encoding: 'utf8' });
  const link = opened.stdout.trim();
  if (opened.status !== 0 || !link.includes('/#code=') || link.includes(alice.token))
    throw new Error(`open-url printed ${JSON.stringify(link)} (${opened.stderr})`);
  await page.goto(link);
  await page.waitForSelector('#me-status.live', { timeout: 15000 });
  if (page.url().includes('code=')) throw new Error('the code stayed in the address bar');

  step('the same link does not open the page again');
  const replay = await context.newPage();
  await replay.goto(link);
  await replay.locator('#me-status', { hasText: 'used already' }).waitFor({ timeout: 15000 });
  if (await replay.locator('#me-status.live').count()) throw new Error('a used code worked');
  await replay.close();
  const bobItem = page.locator('#peers .item', { hasText: 'Bob' });
  await bobItem.locator('.presence.online').waitFor({ timeout: 15000 });

  step('a message typed in the page arrives at Bob');
  const text = 'Hello Bob, this comes from the browser 👋';
  await bobItem.click();
  await page.fill('#composer-text', text);
  await page.press('#composer-text', 'Enter');
  await until('the message at Bob', async () =>
    (await history(bob, alice)).some((m) => m.text === text && !m.outgoing));
  await page.locator('.msg.out .state.delivered, .msg.out .state.read').first()
    .waitFor({ timeout: 15000 });

  step('Bob\'s answer appears live');
  await api(bob, 'POST', '/messages', { to: alice.id, text: 'Hi Alice! Got it, loud and clear.' });
  await page.locator('.msg.in .bubble', { hasText: 'loud and clear' }).waitFor({ timeout: 15000 });
  await api(bob, 'POST', '/messages', { to: alice.id, text: 'Same time tomorrow?' });
  await page.locator('.msg.in .bubble', { hasText: 'tomorrow' }).waitFor({ timeout: 15000 });
  await page.fill('#composer-text', 'Sure — same can, same string.');
  await page.press('#composer-text', 'Enter');
  await page.locator('.msg.out .bubble', { hasText: 'same string' }).waitFor({ timeout: 15000 });
  await sleep(500); // let the delivery ticks settle for the picture
  await page.screenshot({ path: path.join(outDir, 'bridge-page.png') });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.screenshot({ path: path.join(outDir, 'bridge-page-narrow.png') });
  console.log(`screenshots in ${outDir}`);
  if (problems.length) throw new Error(`the page reported errors:\n${problems.join('\n')}`);

  step('a page from another origin cannot use the API, even with the token');
  const site = await foreignSite(alice);
  const foreign = await context.newPage();
  await foreign.goto(`http://127.0.0.1:${site.address().port}/`);
  await foreign.waitForFunction(() => document.title.startsWith('done'), null, { timeout: 20000 });
  const result = JSON.parse((await foreign.title()).slice(5));
  console.log('foreign page:', result);
  site.close();
  if (result.fetch !== 'blocked') throw new Error(`cross-origin fetch was not blocked: ${result.fetch}`);
  if (result.socket === 'opened') throw new Error('a cross-origin WebSocket received events');
  const forged = (await history(alice, bob)).some((m) => m.text === 'forged');
  if (forged) throw new Error('a cross-origin POST sent a message');

  await context.close();
  console.log('PASS');
}

let code = 0;
try {
  await main();
} catch (e) {
  console.error(`FAIL: ${e.stack || e}`);
  code = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  await sleep(300);
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
process.exit(code);
