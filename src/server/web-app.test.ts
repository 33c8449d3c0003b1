// The web app end to end in a real browser (Debian's chromium through playwright-core) against a real
// server on loopback: upload the sample photo, move a slider, see the preview change, save a screenshot.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServer, testTransferModel } from '../../tests/support/test-server.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const photo = resolve(import.meta.dirname, '..', '..', '..', 'assets', 'astronaut.png');
const missing = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install -y chromium); the browser test cannot run`;
if (missing) console.warn(`SKIPPED web app browser test: ${missing}`);

describe('web app in a real browser', { skip: missing }, () => {
  let browser: Browser;
  let app: FastifyInstance;
  let url = '';
  const out = mkdtempSync(join(tmpdir(), 'ganimate-web-'));

  before(async () => {
    ({ app, url } = await startServer({ transfer: testTransferModel() }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(blockBrowserEngine: boolean): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (blockBrowserEngine) await page.route('**/vendor/ort/**', (r) => r.abort());
    await page.goto(url);
    await page.setInputFiles('#file', photo);
    await page.waitForFunction(() => Number(document.getElementById('preview')!.dataset.version) >= 1, undefined, {
      timeout: 60_000,
    });
    return { page, errors };
  }

  const version = (page: Page) => page.evaluate(() => Number(document.getElementById('preview')!.dataset.version));
  const preview = (page: Page) =>
    page.evaluate(() => (document.getElementById('preview') as HTMLCanvasElement).toDataURL());

  async function moveSlider(page: Page, au: number, value: number): Promise<void> {
    const before = await version(page);
    await page.locator(`input[data-au="${au}"]`).fill(String(value));
    await page.waitForFunction((v) => Number(document.getElementById('preview')!.dataset.version) > v, before, {
      timeout: 30_000,
    });
    await page.waitForFunction(() => !document.querySelector('#status.error'));
  }

  it('upload, face box, slider moves the live preview (onnxruntime-web in the page), whole-photo edit, GeoGAN transfer, screenshot', async () => {
    const { page, errors } = await open(false);
    assert.equal(await page.locator('#boxes .box').count(), 1);
    // until onnxruntime-web has loaded (slow on a loaded machine), previews come from the server and the label is empty
    await page.waitForFunction(() => document.getElementById('engine')!.textContent !== '', undefined, {
      timeout: 60_000,
    });
    assert.match((await page.locator('#engine').textContent()) ?? '', /in your browser/);
    assert.equal(await page.locator('#sliders input[type=range]').count(), 17);
    const start = await preview(page);
    await moveSlider(page, 12, 5);
    assert.notEqual(await preview(page), start, 'the preview changed when AU12 moved');
    assert.equal(
      await page.locator('input[data-au="12"] ~ output, label:has(input[data-au="12"]) output').first().textContent(),
      '5.00',
    );
    await page.click('button[data-emotion="surprise"]');
    assert.equal(await page.locator('input[data-au="26"]').inputValue(), '3');
    await page.click('#apply');
    await page.locator('#result').waitFor({ state: 'visible', timeout: 60_000 });
    assert.ok(
      await page.evaluate(() => (document.getElementById('result-img') as HTMLImageElement).decode().then(() => true)),
    );
    await page.evaluate(() => ((document.getElementById('result') as HTMLElement).hidden = true));
    await page.setInputFiles('#transfer', photo);
    await page.locator('#result').waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await page.locator('#download').getAttribute('download'), 'ganimate-transfer.jpg');
    const shot = join(out, 'web-app.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000);
    console.log(`web app screenshot: ${shot}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('falls back to the server for previews when onnxruntime-web cannot load', async () => {
    const { page, errors } = await open(true);
    assert.match((await page.locator('#engine').textContent()) ?? '', /on the server/);
    const start = await preview(page);
    await moveSlider(page, 26, 5);
    assert.notEqual(await preview(page), start);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
