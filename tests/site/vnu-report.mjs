#!/usr/bin/env node
// Reads the Nu Html Checker's JSON output (--format json) and prints every
// error as "page:line:column: message", paths relative to SITE_DIR.
//
//   node tests/site/vnu-report.mjs SITE_DIR VNU_JSON [SUMMARY_JSON]
//
// Exit status: 0 no error, 1 errors, 2 the output could not be read.
// Messages of type "error" and "non-document-error" (an unreadable file, say)
// count; warnings and info are not requested (--errors-only) and not counted.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [siteArg, jsonArg, summaryArg] = process.argv.slice(2);
if (!siteArg || !jsonArg) {
  console.error('usage: node vnu-report.mjs SITE_DIR VNU_JSON [SUMMARY_JSON]');
  process.exit(2);
}
const SITE = fs.realpathSync(siteArg);

let data;
try {
  data = JSON.parse(fs.readFileSync(jsonArg, 'utf8'));
} catch (err) {
  console.error(`vnu-report: cannot read the checker's output ${jsonArg}: ${err.message}`);
  process.exit(2);
}

function where(url) {
  if (!url) return '(no file)';
  try {
    const p = fileURLToPath(new URL(url));
    const rel = path.relative(SITE, p);
    return rel.startsWith('..') ? p : rel.split(path.sep).join('/');
  } catch {
    return url;
  }
}

const errors = (data.messages || []).filter((m) => m.type === 'error' || m.type === 'non-document-error');
const sortKey = (m) => [where(m.url), m.lastLine ?? m.firstLine ?? 0, m.firstColumn ?? 0];
errors.sort((a, b) => {
  const [fa, la, ca] = sortKey(a);
  const [fb, lb, cb] = sortKey(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
});

const pages = new Set();
for (const m of errors) {
  const file = where(m.url);
  pages.add(file);
  const line = m.lastLine ?? m.firstLine;
  const col = m.firstColumn ?? m.lastColumn;
  const pos = line ? `:${line}${col ? `:${col}` : ''}` : '';
  const extract = m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 80)}]` : '';
  console.log(`vnu: ${file}${pos}: ${m.message}${extract}`);
}

if (summaryArg) {
  fs.writeFileSync(summaryArg, `${JSON.stringify({ errors: errors.length, pagesWithErrors: pages.size })}\n`);
}
process.exit(errors.length > 0 ? 1 : 0);
