// Drives headless Chromium against a running Cog server: /docs renders the model's input fields, and
// "Try it out" on POST /predictions runs a prediction. Prints one `passed: …` / `failed: …` line; exit 0 = pass.
// Usage: node check.js BASE_URL OUT_DIR   (env: PLAYWRIGHT_CORE, CHROMIUM, COG_DOCS_INPUT, COG_DOCS_EXPECT_OUTPUT)
// Writes OUT_DIR/result.json and screenshots docs.png, docs-input-fields.png, docs-try-it-out.png.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

function sampleValue(prop) {
  if (prop.default !== undefined) return prop.default;
  if (Array.isArray(prop.enum) && prop.enum.length) return prop.enum[0];
  switch (prop.type) {
    case 'integer': return prop.minimum ?? 1;
    case 'number': return prop.minimum ?? 0.5;
    case 'boolean': return true;
    case 'array': return [];
    default: return 'browser check';
  }
}

function sampleInput(inputSchema) {
  if (process.env.COG_DOCS_INPUT) return JSON.parse(process.env.COG_DOCS_INPUT);
  const input = {};
  for (const name of inputSchema.required || []) input[name] = sampleValue(inputSchema.properties[name] || {});
  return input;
}

async function main() {
  const [base, outDir] = process.argv.slice(2);
  const origin = new URL(base).origin;
  fs.mkdirSync(outDir, { recursive: true });
  const schema = await (await fetch(new URL('/openapi.json', base))).json();
  const inputSchema = schema.components.schemas.Input;
  const fields = Object.keys(inputSchema.properties);
  const body = { input: sampleInput(inputSchema) };
  const result = { base, fields, input: body.input, offsite_requests: [], page_errors: [] };

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    // Anything off this server would mean /docs needs the internet: record it and refuse it.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
      result.offsite_requests.push(url);
      return route.abort();
    });
    page.on('pageerror', (e) => result.page_errors.push(String(e)));

    await page.goto(new URL('/docs', base).href, { waitUntil: 'load' });
    const op = page.locator('.opblock.opblock-post', { has: page.locator('.opblock-summary-path[data-path="/predictions"]') }).first();
    await op.waitFor({ timeout: 20000 });

    // The input fields: expand the Input model under "Schemas".
    const model = page.locator('#model-Input');
    await model.scrollIntoViewIfNeeded();
    await model.locator('.model-box-control').first().click();
    await model.locator('.property-row').first().waitFor({ timeout: 10000 });
    const collapsed = model.locator('.property-row .model-box-control[aria-expanded="false"]');
    for (let i = await collapsed.count(); i > 0; i--) await collapsed.first().click();  // show each field's details
    result.fields_shown = await model.locator('.property-row > td:first-child').allInnerTexts();
    result.fields_shown = result.fields_shown.map((t) => t.replace(/\*$/, '').trim());
    await model.screenshot({ path: path.join(outDir, 'docs-input-fields.png') });
    await page.screenshot({ path: path.join(outDir, 'docs.png'), fullPage: true });

    // Try it out → Execute.
    await op.locator('.opblock-summary').first().click();
    await op.locator('button.try-out__btn').click();
    await op.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    await op.locator('button.execute').click();
    const status = op.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 60000 });
    result.response_status = (await status.innerText()).trim();
    result.response_body = (await op.locator('.live-responses-table .response .response-col_description pre').first().innerText()).trim();
    await op.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, 'docs-try-it-out.png') });
  } finally {
    await browser.close();
  }

  const problems = [];
  const missing = fields.filter((f) => !(result.fields_shown || []).includes(f));
  if (missing.length) problems.push(`input fields not shown: ${missing.join(', ')}`);
  if (result.offsite_requests.length) problems.push(`requests off the server: ${result.offsite_requests.join(', ')}`);
  if (result.page_errors.length) problems.push(`page errors: ${result.page_errors.join('; ')}`);
  if (result.response_status !== '200') problems.push(`Try it out answered ${result.response_status}`);
  let reply = {};
  try { reply = JSON.parse(result.response_body); } catch { problems.push('response body is not JSON'); }
  if (reply.status !== 'succeeded') problems.push(`prediction status ${reply.status}: ${reply.error || ''}`);
  const expected = process.env.COG_DOCS_EXPECT_OUTPUT;
  if (expected !== undefined && JSON.stringify(reply.output) !== expected) problems.push(`output ${JSON.stringify(reply.output)} != ${expected}`);
  result.problems = problems;
  fs.writeFileSync(path.join(outDir, 'result.json'), JSON.stringify(result, null, 2));
  if (problems.length) {
    console.log(`failed: ${problems.join('; ')}`);
    process.exit(1);
  }
  console.log(`passed: input fields ${fields.join(', ')} shown; Try it out ran a prediction (output ${JSON.stringify(reply.output)})`);
}

main().catch((e) => { console.log(`failed: ${String(e && e.stack || e).split('\n').slice(0, 3).join(' | ')}`); process.exit(1); });
