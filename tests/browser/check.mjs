// Opens a local HTML file in headless Chromium (Debian's /usr/bin/chromium)
// and reports, as JSON on stdout: console errors, failed requests, requests
// that left the machine, and images that did not load. Used by handbill's
// tests to check the press kit's offline page.
import { chromium } from 'playwright-core';

const file = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = { console: [], failed: [], external: [], brokenImages: [], images: 0, lang: null, dir: null, headings: [] };
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') result.console.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', e => result.console.push(`pageerror: ${e.message}`));
    page.on('requestfailed', r => result.failed.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('request', r => { if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) result.external.push(r.url()); });
    await page.goto('file://' + file, { waitUntil: 'load' });
    // Load every lazy image.
    await page.evaluate(async () => {
      for (const img of document.images) { img.loading = 'eager'; }
      await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
    });
    const info = await page.evaluate(() => ({
      broken: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src')),
      images: document.images.length,
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1])),
      overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
    }));
    result.brokenImages.push(...info.broken);
    result.images = info.images;
    result.lang = info.lang;
    result.dir = info.dir;
    result.headings = info.headings;
    if (info.overflow) result.console.push(`layout: the page is wider than a ${width} px window`);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
