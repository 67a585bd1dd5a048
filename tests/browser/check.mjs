// Opens a local HTML file in headless Chromium (Debian's /usr/bin/chromium)
// and reports, as JSON on stdout: console errors, failed requests, requests
// that left the machine, images that did not load, local links whose file
// is missing, the page's language and direction, which side its text starts
// on, and text contrast. Used by handbill's tests to check the press kit's
// pages in every language, right to left included.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const file = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = { console: [], failed: [], external: [], brokenImages: [], images: 0, lang: null, dir: null, headings: [], minContrast: null, lowContrast: [], clipped: [], links: 0, missingLinks: [], textStart: null, accentSide: null };
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
      // Every link and image address, resolved against the page.
      links: [...document.querySelectorAll('a[href], img[src]')]
        .map(e => ({ raw: e.getAttribute('href') ?? e.getAttribute('src'), url: e.href || e.src })),
      // Which side a heading's text starts on: right in a mirrored page.
      textStart: (() => {
        const h = document.querySelector('main h2');
        if (!h) return null;
        const range = document.createRange();
        range.selectNodeContents(h);
        const text = range.getBoundingClientRect(), box = h.getBoundingClientRect();
        if (Math.abs(text.right - box.right) < 2) return 'right';
        if (Math.abs(text.left - box.left) < 2) return 'left';
        return 'middle';
      })(),
      // Texts that run out of their box, or out of the figure that clips
      // them (a long link in a caption, say).
      clipped: [...document.querySelectorAll('main p, main li, main h1, main h2, main h3, figcaption')].filter(e => {
        const range = document.createRange();
        range.selectNodeContents(e);
        const text = range.getBoundingClientRect(), box = (e.closest('figure') || e).getBoundingClientRect();
        return text.left < box.left - 1 || text.right > box.right + 1;
      }).map(e => e.textContent.trim().slice(0, 60)),
      // Which side of a fact card its accent bar is on.
      accentSide: (() => {
        const f = document.querySelector('.fact');
        if (!f) return null;
        const s = getComputedStyle(f);
        return parseFloat(s.borderRightWidth) > parseFloat(s.borderLeftWidth) ? 'right' : 'left';
      })(),
    }));
    // A local link must name a file that is there (its fragment aside).
    for (const { raw, url } of info.links) {
      if (!url.startsWith('file:')) continue;
      result.links += 1;
      if (!existsSync(fileURLToPath(url.split('#')[0]))) result.missingLinks.push(raw);
    }
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
    result.textStart = info.textStart;
    result.clipped.push(...info.clipped.map(t => `${width} px: ${t}`));
    result.accentSide = info.accentSide;
    result.headings = info.headings;
    if (info.overflow) result.console.push(`layout: the page is wider than a ${width} px window`);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
