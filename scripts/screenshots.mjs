// Screenshots of `flokit-gen serve`'s web view for the README: the live stream (an invalid event
// opened, its violations marked) and the plan with its counts. Runs the built package (npm run
// build first) with the bundled taxonomy against headless Debian Chromium (apt-get install -y
// chromium, or CHROMIUM_PATH). Out: docs/images/serve-stream.png and docs/images/serve-plan.png.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCollector } from '../dist/src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'images');
mkdirSync(out, { recursive: true });

const collector = await startCollector({ taxonomy: join(root, 'taxonomy'), watch: false });
const send = (event) => fetch(`${collector.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer dev' }, body: JSON.stringify(event) }).then((r) => r.arrayBuffer());
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(collector.url);
  await page.waitForSelector('#plan-view section', { state: 'attached' });
  await send({ event: 'user_created', user_id: 'usr_abc123', anonymous_id: 'anon_xyz789', timestamp: '2024-03-15T14:20:00Z', properties: { platform: 'ios', country: 'US' } });
  await send({ event: 'paywall_viewed', user_id: 'usr_abc123', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_annual_v3', context: 'onboarding_step_3' } });
  await send({ event: 'trial_started', user_id: 'usr_abc123', timestamp: '2024-03-15T14:23:00Z', properties: { plan_id: 'plan_annual_usd', trial_length_days: '7', paywall_id: 'pw_annual_v3', coupon: 'SPRING' } });
  await page.waitForFunction("document.querySelectorAll('#events details.row').length === 3");
  await page.locator('#events details.row').first().locator('summary').click();
  await page.screenshot({ path: join(out, 'serve-stream.png') });
  await page.click('nav button:has-text("Plan")');
  await page.waitForTimeout(400);
  await page.locator('#plan-view section[data-event="paywall_viewed"]').scrollIntoViewIfNeeded();
  await page.evaluate("window.scrollBy(0, -120)");
  await page.screenshot({ path: join(out, 'serve-plan.png') });
  console.log(`wrote ${join('docs', 'images', 'serve-stream.png')} and ${join('docs', 'images', 'serve-plan.png')}`);
} finally {
  await browser.close();
  await collector.close();
}
