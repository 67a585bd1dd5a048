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
const result = { console: [], failed: [], external: [], brokenImages: [], images: 0, lang: null, dir: null, headings: [], minContrast: null, lowContrast: [] };
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
    // WCAG 2.2 contrast of every element's own text against the first
    // opaque background behind it.
    const contrast = await page.evaluate(() => {
      const parse = c => { const m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
      const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
      const bg = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
      let min = 99; const low = [];
      for (const el of document.querySelectorAll('body *')) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const fg = parse(getComputedStyle(el).color), b = bg(el);
        const [l1, l2] = [lum(fg), lum(b)].sort((x, y) => y - x);
        const ratio = (l1 + 0.05) / (l2 + 0.05);
        min = Math.min(min, ratio);
        if (ratio < 4.5) low.push(`${el.tagName} ${ratio.toFixed(2)}: ${el.textContent.trim().slice(0, 40)}`);
      }
      return { min, low };
    });
    result.minContrast = result.minContrast === null ? contrast.min : Math.min(result.minContrast, contrast.min);
    result.lowContrast.push(...contrast.low);
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
