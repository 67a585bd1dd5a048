// Takumi (Rust through napi; lays text out itself) on the benchmark's cards:
// the same design as bench/workload/make.py's template, two renders at a
// time, one PNG per card. Run by bench/peers.sh.
// usage: node takumi.mjs CARDS_JSON FONTS_DIR OUT_DIR
import { Renderer } from '@takumi-rs/core';
import { container, text } from '@takumi-rs/helpers';
import fs from 'node:fs';

const [cardsPath, fontsDir, outDir] = process.argv.slice(2);
const cards = JSON.parse(fs.readFileSync(cardsPath, 'utf8'));
const r = new Renderer();
await r.registerFont({ name: 'Noto Sans', data: fs.readFileSync(`${fontsDir}/NotoSans-Regular.ttf`), weight: 400 });
await r.registerFont({ name: 'Noto Sans', data: fs.readFileSync(`${fontsDir}/NotoSans-Bold.ttf`), weight: 700 });
const one = async (c) => {
  const node = container({
    style: {
      width: 1080, height: 1080, display: 'flex', flexDirection: 'column', padding: '150px 80px',
      fontFamily: 'Noto Sans', color: '#f1faee', backgroundImage: 'linear-gradient(135deg,#1d3557,#457b9d)', position: 'relative',
    },
    children: [
      container({ style: { position: 'absolute', right: -100, top: -100, width: 440, height: 440, borderRadius: 220, backgroundColor: '#e63946', opacity: 0.35 } }),
      container({ style: { position: 'absolute', left: 80, top: 960, width: 920, height: 4, backgroundColor: '#f1faee' } }),
      text(c.head, { fontSize: 72, lineHeight: '86px', fontWeight: 700, marginBottom: 40, maxWidth: 900 }),
      text(c.body, { fontSize: 34, lineHeight: '48px', maxWidth: 920 }),
      text(`Source: ${c.src} · card ${c.i}`, { position: 'absolute', bottom: 40, left: 80, fontSize: 33, color: '#d4ecee' }),
    ],
  });
  const png = await r.render(node, { width: 1080, height: 1080, format: 'png' });
  fs.writeFileSync(`${outDir}/card${String(c.i).padStart(5, '0')}.png`, png);
};
for (let k = 0; k < cards.length; k += 2) await Promise.all(cards.slice(k, k + 2).map(one));
