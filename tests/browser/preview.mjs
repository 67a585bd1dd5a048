// Drives `handbill preview` in headless Chromium (Debian's /usr/bin/chromium,
// or $CHROMIUM) for handbill's tests, step by step with the Rust test that
// started the server and edits the campaign's files:
//   node preview.mjs URL
//   → {"step":"loaded",…}     the gallery is there (cards, captions, alt texts)
//   ← "edited TEXT"           the Rust test changed a headline to TEXT
//   → {"step":"refreshed",…}  TEXT is on the page, with no reload by hand
//   ← "broken"                the Rust test saved a broken YAML file
//   → {"step":"broken",…}     the located problem is shown, the cards stay
// Each answer is one JSON line on stdout; a failure is {"error": …} and exit 1.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const url = process.argv[2];
const PATIENCE = 240_000;
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = o => process.stdout.write(JSON.stringify(o) + '\n');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`pageerror: ${e.message}`));
  page.on('request', r => { if (!r.url().startsWith(url) && !r.url().startsWith('data:')) problems.push(`external: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.card', { timeout: PATIENCE });
  // Marks this document: a reload would lose the mark.
  await page.evaluate(() => { window.stillThisPage = true; });
  // The filters work from the keyboard: type a language's code into its list.
  await page.focus('select[name=language]');
  await page.keyboard.type('ar');
  const filtered = await page.$$eval('.card:not([hidden])', cs => [...new Set(cs.map(c => c.dataset.language))]);
  await page.selectOption('select[name=language]', '');
  say({ step: 'loaded', ...await gallery(page), keyboardFilter: filtered, contrast: await contrast(page), problems });

  const edited = (await lines.next()).value;
  const text = edited.replace(/^edited /, '');
  await page.waitForFunction(t => document.body.innerText.includes(t), text, { timeout: PATIENCE });
  say({ step: 'refreshed', ...await gallery(page), problems });

  await lines.next();
  await page.waitForSelector('#problems', { timeout: PATIENCE });
  const shown = await page.$eval('#problems', p => p.innerText);
  say({ step: 'broken', problem: shown, ...await gallery(page), problems });
} catch (e) {
  say({ error: String(e), problems });
  process.exitCode = 1;
} finally {
  await browser.close();
}

// What the gallery shows now.
async function gallery(page) {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll('.card')];
    return {
      reloaded: !window.stillThisPage,
      cards: cards.length,
      captions: cards.filter(c => c.querySelector('.caption')?.textContent.trim()).length,
      altsMatch: cards.every(c => c.querySelector('img').alt === c.querySelector('.alt').textContent),
      rtlCaptions: [...document.querySelectorAll('.caption[dir=rtl]')].map(c => c.lang),
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
      status: document.getElementById('status').textContent,
      text: document.body.innerText,
    };
  });
}

// The lowest WCAG contrast of any element's own text against the first
// opaque background behind it (as tests/browser/check.mjs measures it).
async function contrast(page) {
  return page.evaluate(() => {
    const parse = c => { const m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
    const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    const bg = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
    let min = 99; const low = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!el.checkVisibility()) continue;
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const [l1, l2] = [lum(parse(getComputedStyle(el).color)), lum(bg(el))].sort((x, y) => y - x);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      min = Math.min(min, ratio);
      if (ratio < 4.5) low.push(`${el.tagName} ${ratio.toFixed(2)}: ${el.textContent.trim().slice(0, 40)}`);
    }
    return { min, low };
  });
}
