// The web view of `flokit-gen serve` in a real browser (headless Debian Chromium via
// playwright-core): events sent over HTTP appear live, newest first; the filters by event, user,
// validity and free text work; an invalid event opens to its JSON with the violation marked at its
// path; the plan's counts and "not seen yet" update; the page works by keyboard; hostile taxonomy
// and payload text renders as text with no script run, in the live page and in the static docs
// page; and the page loads nothing from anywhere else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitDocs, loadTaxonomy, startCollector, type Collector, type Taxonomy } from '../src/index.js';
import { launchChromium } from './support/browser.js';
import { HOSTILE_EVENT, HOSTILE_MARKUP, HOSTILE_TAXONOMY, LONG_TEXT } from './support/hostile-plan.js';

const dir = mkdtempSync(join(tmpdir(), 'flokit-browser-test-'));
let collector: Collector;
let browser: Browser;
let page: Page;
const foreign: string[] = [];
const errors: string[] = [];

const at = (n: number): string => `2024-03-15T14:${String(n).padStart(2, '0')}:00Z`;
const paywall = (user: string, paywallId: unknown = 'pw_1'): unknown => ({ event: 'paywall_viewed', user_id: user, timestamp: at(1), properties: { paywall_id: paywallId } });

async function send(event: unknown): Promise<number> {
  const res = await fetch(`${collector.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify(event) });
  await res.arrayBuffer();
  return res.status;
}

const rows = (): Promise<string[]> => page.locator('#events details.row summary').allTextContents();
/** Polled from here: the page's CSP forbids eval, which waitForFunction with a string needs. */
const rowCount = async (n: number): Promise<void> => expect.poll(() => page.locator('#events details.row').count()).toBe(n);

beforeAll(async () => {
  writeFileSync(join(dir, 'taxonomy.yaml'), HOSTILE_TAXONOMY);
  collector = await startCollector({ taxonomy: join(dir, 'taxonomy.yaml'), watch: false });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(collector.url) && !r.url().startsWith('file:')) foreign.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(collector.url);
  await page.waitForSelector('#plan-view section', { state: 'attached' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the live stream', () => {
  it('shows events as they arrive, newest first, without a reload', async () => {
    for (const user of ['usr_1', 'usr_2', 'usr_3']) expect(await send(paywall(user))).toBe(200);
    await rowCount(3);
    expect((await rows()).map((r) => /usr_\d/.exec(r)?.[0])).toEqual(['usr_3', 'usr_2', 'usr_1']);
    expect(await page.textContent('#totals')).toBe('3 received: 3 valid, 0 invalid');
  });

  it('opens an invalid event to its JSON with the violation marked at its path', async () => {
    expect(await send(paywall('usr_bad', 5))).toBe(400);
    await rowCount(4);
    const row = page.locator('#events details.row').first();
    await expect.poll(() => row.locator('summary').textContent()).toContain('1 violation');
    await row.locator('summary').click();
    const marked = row.locator('.bad[data-path="/properties/paywall_id"]');
    expect(await marked.textContent()).toBe('5');
    expect(await row.locator('.msg').textContent()).toBe('  ← must be a string (got integer)');
    expect(await row.locator('ul.violations').textContent()).toBe('/properties/paywall_id must be a string (got integer) [wrong-type]');
  });

  it('filters by event, user, validity and free text', async () => {
    expect(await send({ event: HOSTILE_EVENT, user_id: 'usr_other', timestamp: at(2), properties: { 'a|b': 'findme' } })).toBe(200);
    await rowCount(5);
    const shown = async (): Promise<number> => {
      await page.waitForTimeout(400);
      return (await rows()).length;
    };
    await page.selectOption('select[aria-label=event]', 'paywall_viewed');
    expect(await shown()).toBe(4);
    await page.selectOption('select[aria-label=validity]', 'false');
    expect(await shown()).toBe(1);
    await page.selectOption('select[aria-label=validity]', '');
    await page.fill('input[aria-label=user]', 'usr_2');
    expect(await shown()).toBe(1);
    await page.fill('input[aria-label=user]', '');
    await page.selectOption('select[aria-label=event]', '');
    await page.fill('input[aria-label="free text"]', 'FINDME');
    expect(await shown()).toBe(1);
    // A live arrival that does not match the filters stays out of the list.
    expect(await send(paywall('usr_4'))).toBe(200);
    expect(await shown()).toBe(1);
    await page.fill('input[aria-label="free text"]', '');
    expect(await shown()).toBe(6);
  });
});

describe('the plan', () => {
  it('counts arrivals per event and lists the planned events not seen yet, updating live', async () => {
    await page.click('nav button:has-text("Plan")');
    const badge = (name: string): Promise<string | null> => page.locator('#plan-view section.plan-event', { has: page.locator(`h3:text-is("${name}")`) }).locator('.count').first().textContent();
    await expect.poll(() => badge('paywall_viewed')).toBe('arrived 5×');
    await send(paywall('usr_5'));
    await expect.poll(() => badge('paywall_viewed'), { timeout: 3000 }).toBe('arrived 6×');
    collector.reset();
    await expect.poll(() => page.textContent('#not-seen')).toBe(`Not seen yet: ${HOSTILE_EVENT}, paywall_viewed`);
    await send(paywall('usr_6'));
    await expect.poll(() => page.textContent('#not-seen')).toBe(`Not seen yet: ${HOSTILE_EVENT}`);
  });

  it('shows the properties table with types, shared types linked', async () => {
    const table = page.locator('#plan-view section[data-event="paywall_viewed"] table');
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['paywall_id', 'string', 'yes', 'no', 'min length 1', '', '', '', '']);
    const link = page.locator('#plan-view a:text-is("tier")').first();
    expect(await link.getAttribute('href')).toBe('#type-0');
  });
});

describe('keyboard', () => {
  it('reaches the tabs, the filters and each event, and opens an event with Enter', async () => {
    await page.reload();
    await page.waitForSelector('#events details.row');
    const focused = (): Promise<string> => page.evaluate<string>("`${document.activeElement.tagName.toLowerCase()}:${document.activeElement.getAttribute('aria-label') ?? document.activeElement.textContent.slice(0, 20)}`");
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order.slice(0, 6)).toEqual(['button:Events', 'button:Plan', 'select:event', 'input:user', 'select:validity', 'input:free text']);
    expect(order[6]).toMatch(/^summary:/);
    await page.keyboard.press('Enter');
    expect(await page.locator('#events details.row').first().getAttribute('open')).toBe('');
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('button:Plan');
    await page.keyboard.press('Enter');
    expect(await page.isVisible('#plan-view')).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await page.isVisible('#stream-view')).toBe(true);
  });
});

describe('hostile text', () => {
  const hostilePayload = { event: HOSTILE_EVENT, user_id: HOSTILE_MARKUP, timestamp: at(3), properties: { 'a|b': `*/ "quotes" 'single' 🎉 </script><script>window.__pwned=9</script> ${LONG_TEXT}`, '</script>': '🎉' } };

  it('taxonomy and payload text render as text in the live page, and no script runs', async () => {
    expect(await send(hostilePayload)).toBe(200);
    await expect.poll(() => page.locator('#events summary', { hasText: HOSTILE_MARKUP }).count()).toBe(1);
    await page.locator('#events details.row').first().locator('summary').click();
    const text = await page.textContent('body');
    expect(text).toContain(HOSTILE_MARKUP);
    expect(text).toContain('</script><script>window.__pwned=9</script>');
    expect(text).toContain(LONG_TEXT.slice(0, 200));
    await page.click('nav button:has-text("Plan")');
    const plan = await page.textContent('#plan-view');
    expect(plan).toContain(`${HOSTILE_MARKUP} | a pipe | *stars* [link](javascript:alert(1))`);
    expect(plan).toContain(HOSTILE_EVENT);
    expect(await page.evaluate("({ pwned: window.__pwned, images: document.images.length, bold: document.querySelectorAll('main b, main script').length })")).toEqual({ images: 0, bold: 0 });
  });

  it('the static docs page shows the plan as text, from disk, with nothing run or fetched', async () => {
    const taxonomy = loadTaxonomy(join(dir, 'taxonomy.yaml')).taxonomy as Taxonomy;
    const [html] = emitDocs(taxonomy, 'html');
    writeFileSync(join(dir, 'index.html'), html?.contents ?? '');
    const docs = await browser.newPage();
    docs.on('pageerror', (e) => errors.push(e.message));
    await docs.goto(pathToFileURL(join(dir, 'index.html')).href);
    expect(await docs.textContent('#title')).toBe('hostile 1.0.0 — tracking plan');
    expect(await docs.textContent('#plan-view')).toContain(HOSTILE_MARKUP);
    expect(await docs.locator('#plan-view td', { hasText: '</script><script>window.__pwned=2</script>' }).count()).toBe(1);
    expect(await docs.evaluate('({ pwned: window.__pwned, images: document.images.length })')).toEqual({ images: 0 });
    await docs.close();
  });

  it('nothing failed in the page and nothing was fetched from another origin', () => {
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
