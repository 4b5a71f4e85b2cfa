import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseChunk, splitDocuments } from './server/src/engine/model/parse';
import { fastParse } from './server/src/engine/model/fast-parse';
import { modelOf } from './test/helpers/yaml-model';
const roots = process.argv.slice(2);
const files: string[] = [];
const walk = (dir: string) => { for (const entry of readdirSync(dir)) { const full = path.join(dir, entry); if (statSync(full).isDirectory()) walk(full); else if (/\.ya?ml$/.test(entry)) files.push(full); } };
roots.forEach(walk);
let chunks = 0, fast = 0, bad = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const chunk of splitDocuments(text)) {
    chunks++;
    const quick = fastParse(chunk.text);
    if (!quick) continue;
    fast++;
    const slow = parseChunk(chunk.text);
    const a = modelOf(slow.tree), b = modelOf(quick);
    if (slow.problems.length > 0 || !isDeepStrictEqual(a, b) || !isDeepStrictEqual(slow.tree?.toJS(), quick.toJS())) {
      bad++;
      if (bad <= 3) {
        console.log('DIFF', file, chunk.offset, slow.problems.map((p) => p.code));
        const sa = JSON.stringify(a, null, 0), sb = JSON.stringify(b, null, 0);
        let i = 0; while (i < sa.length && sa[i] === sb[i]) i++;
        console.log(' yaml:', sa.slice(Math.max(0, i - 200), i + 200));
        console.log(' fast:', sb.slice(Math.max(0, i - 200), i + 200));
      }
    }
  }
}
console.log({ files: files.length, chunks, fast, bad });
