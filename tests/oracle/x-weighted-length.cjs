// The reference for handbill's X counter: reads a JSON array of texts on
// stdin and prints a JSON array of their weighted lengths as twitter-text
// 3.1.0 (the npm package X published) counts them with its default, v3,
// configuration. Used by tests/handbill/platforms.rs; install with
// `cd tests/oracle && npm ci`.
"use strict";
const twitter = require("twitter-text");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  const lengths = texts.map((text) => twitter.parseTweet(text).weightedLength);
  process.stdout.write(JSON.stringify(lengths) + "\n");
});
