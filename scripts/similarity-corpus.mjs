#!/usr/bin/env node
// Rebuilds app/modules/recommendation/background-corpus.json: public Ofsted
// improvement items from tests/fixtures/ofsted, used only as word-frequency
// background (IDF) when scoring "raised before" similarity.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = "tests/fixtures/ofsted";
const texts = new Set();
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const j = JSON.parse(readFileSync(path.join(dir, f), "utf8"));
  for (const [k, v] of Object.entries(j)) {
    if (/items$/.test(k) && Array.isArray(v))
      for (const t of v) if (typeof t === "string") texts.add(t.replace(/\s+/g, " ").trim());
  }
}
const out = {
  "//": "Public Ofsted improvement items used only as IDF background for similarity. Rebuild: npm run similarity:corpus",
  texts: [...texts],
};
writeFileSync("app/modules/recommendation/background-corpus.json", JSON.stringify(out));
console.log(`${texts.size} texts`);
