#!/usr/bin/env python3
"""Writes the peer workload of N cards, three ways, into OUT:

- OUT/campaign: a handbill campaign (one audience, one custom kind, one
  1080x1080 template) whose cards reproduce the peers' design;
- OUT/cards.json: the same cards as data, for Takumi, which lays text out
  itself;
- the resvg CLI renders handbill's own laid-out SVGs (bench/peers.sh makes
  them with `build --svg`), so it draws exactly the same text.

The design: a diagonal gradient, a translucent circle, a rule, a wrapped
bold headline (72 px on 86 px lines), a wrapped body (34 px on 48 px) and a
source line (24 px) that names the card, so every card is different.

Usage: make.py N OUT
"""
import json, os, shutil, sys

# Four messages, quoted from the shipped campaign's toolkit, repeated.
MESSAGES = [
    ("E-trafficking is trafficking.", "Traffickers use digital technology to profile, recruit, control, and exploit victims at an increasing rate since the COVID-19 pandemic began.", "Advocacy Toolkit, 2022"),
    ("75% of sex trafficking victims are advertised online.", "Digital literacy, including online safety and data protection, can save lives. Appropriate messaging for youth and people on the move should be prioritized.", "OSCE"),
    ("Early identification is key.", "Professionals must stay up to date and use existing coordination and reporting mechanisms to support victims at the earliest stage possible.", "Free2Link"),
    ("Human trafficking takes place online every day.", "Learning more about e-trafficking and prevention measures can save lives. Get informed and stay safe!", "UNODC"),
]

CAMPAIGN = """\
# The benchmark's campaign: the peers' 100-card design as a handbill
# campaign. Written by bench/workload/make.py; not a real campaign.
name: Bench
slug: bench
languages:
  - {code: en, status: reviewed}
formats: [instagram-square]
colours: {ink: "#1d3557"}
hashtags: [Bench]
audiences:
  bench:
    name: {en: Bench}
words:
  source: {en: Source}
  quote-open: {en: "\\u201c"}
  quote-close: {en: "\\u201d"}
  slide: {en: Slide}
  of: {en: of}
  comma: {en: ", "}
  numbers:
    en: {decimal: ".", group: ",", percent: "{}%"}
  dates:
    en: {format: "{day} {month} {year}", months: [January, February, March, April, May, June, July, August, September, October, November, December]}
kinds:
  - name: card
    fields:
      - {name: headline, type: text}
      - {name: body, type: text}
      - {name: note, type: text}
"""

TEMPLATE = """\
<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080" viewBox="0 0 1080 1080">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#457b9d"/></linearGradient></defs>
  <rect width="1080" height="1080" fill="url(#g)"/>
  <circle cx="960" cy="120" r="220" fill="#e63946" opacity="0.35"/>
  <rect x="80" y="960" width="920" height="4" fill="#f1faee"/>
  <rect id="headline-box" x="80" y="150" width="900" height="270" fill="none"/>
  <text id="headline" x="80" y="220" font-family="Noto Sans" font-weight="700" font-size="72" fill="#f1faee" data-min-size="72" data-line-height="1.1944">Headline</text>
  <rect id="body-box" x="80" y="440" width="920" height="480" fill="none"/>
  <text id="body" x="80" y="474" font-family="Noto Sans" font-size="34" fill="#f1faee" data-min-size="34" data-line-height="1.4118">Body</text>
  <rect id="note-box" x="80" y="990" width="920" height="44" fill="none"/>
  <text id="note" x="80" y="1020" font-family="Noto Sans" font-size="33" fill="#d4ecee" data-min-size="33" data-max-lines="1">Source</text>
</svg>
"""

def q(s):
    return json.dumps(s, ensure_ascii=False)

def messages(n):
    out = ["audience: bench", "messages:"]
    for i in range(n):
        head, body, src = MESSAGES[i % len(MESSAGES)]
        out += [
            f"  - id: card{i:05}",
            "    kind: card",
            f"    headline: {q(head)}",
            f"    body: {q(body)}",
            f"    note: {q(f'Source: {src} · card {i}')}",
            f"    caption: {q(head + ' ' + body)}",
        ]
    return "\n".join(out) + "\n"

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    fonts = os.path.join(here, "..", "..", "fonts")
    camp = os.path.join(out, "campaign")
    for d in ("messages", "templates/instagram-square", "fonts"):
        os.makedirs(os.path.join(camp, d), exist_ok=True)
    open(os.path.join(camp, "messages", "campaign.yaml"), "w").write(CAMPAIGN)
    open(os.path.join(camp, "messages", "bench.yaml"), "w").write(messages(n))
    open(os.path.join(camp, "templates", "instagram-square", "card.svg"), "w").write(TEMPLATE)
    for f in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "OFL.txt"):
        shutil.copy(os.path.join(fonts, f), os.path.join(camp, "fonts", f))
    cards = [{"i": i, "head": MESSAGES[i % 4][0], "body": MESSAGES[i % 4][1], "src": MESSAGES[i % 4][2]} for i in range(n)]
    json.dump(cards, open(os.path.join(out, "cards.json"), "w"))

main()
