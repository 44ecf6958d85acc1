#!/usr/bin/env node
// Browser checks for a generated policy site, run by scripts/check-site.sh.
//
//   node tests/site/check-pages.mjs SITE_DIR ARTIFACTS_DIR [SUMMARY_JSON]
//
// For every *.html file under SITE_DIR, opened from disk (file://) in Debian's
// Chromium driven by playwright-core:
//   - axe-core (WCAG 2.0/2.1 A and AA, plus best-practice) in the light and
//     the dark colour scheme; any violation fails;
//   - screenshots: light 1280x800, light 390x844 and dark 1280x800, written to
//     ARTIFACTS_DIR/<page path relative to SITE_DIR>--<scheme>-<w>x<h>.png;
//   - every relative <a href>/<area href> must point at a file that exists
//     inside SITE_DIR (a folder counts when it holds index.html), and a
//     #fragment must name an id (or <a name>) on the page it points to;
//   - the page may make no request other than file: and data: (blob: is
//     in-memory and allowed too); other requests are blocked and reported;
//   - a file: subresource that fails to load (missing image, stylesheet…)
//     and an uncaught script error also fail.
// Exit status: 0 all passed, 1 some check failed, 2 the checker itself broke.
// A JSON report with every detail goes to ARTIFACTS_DIR/pages-report.json, and
// the counts to SUMMARY_JSON when given.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const JOBS = Math.max(1, Number.parseInt(process.env.SITE_CHECK_JOBS || '2', 10) || 2);
const FULL_PAGE = process.env.SITE_CHECK_FULL_PAGE === '1';
const TIMEOUT_MS = 30_000;
const SHOW_TARGETS = 5; // selectors printed per violated rule; the JSON has all

function usage() {
  console.error('usage: node check-pages.mjs SITE_DIR ARTIFACTS_DIR [SUMMARY_JSON]');
  process.exit(2);
}

const [siteArg, artifactsArg, summaryArg] = process.argv.slice(2);
if (!siteArg || !artifactsArg) usage();
const SITE = fs.realpathSync(path.resolve(siteArg));
fs.mkdirSync(path.resolve(artifactsArg), { recursive: true });
const ARTIFACTS = fs.realpathSync(path.resolve(artifactsArg));

/** Every *.html file under dir, as sorted paths relative to dir ('/'-separated). */
function findPages(dir) {
  const out = [];
  const walk = (abs, rel) => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(path.join(abs, ent.name), r);
      else if (ent.isFile() && ent.name.endsWith('.html')) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

const isInsideSite = (p) => p === SITE || p.startsWith(SITE + path.sep);
const relToSite = (p) => path.relative(SITE, p).split(path.sep).join('/');
const NON_NETWORK = /^(file|data|blob):/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Classifies one link of a page. Returns null when the link is not ours to
 * check (external, mailto:, tel:, …), or { kind: 'fragment', fragment } for a
 * link into the same page, or { kind: 'file', target, fragment } for a
 * relative link whose target exists, or { problem } for a broken one.
 */
function classifyLink(raw, resolved, pageUrl) {
  const href = raw.trim();
  if (href === '') return null; // the page itself
  if (href.startsWith('#')) return { kind: 'fragment', fragment: href.slice(1) };
  if (href.startsWith('//')) return null; // scheme-relative: a network link
  if (HAS_SCHEME.test(href)) {
    if (/^file:/i.test(href)) return { problem: 'absolute file: URL (works on one machine only)' };
    return null; // http(s):, mailto:, tel:, …
  }
  let url;
  try {
    url = new URL(resolved || href, pageUrl);
  } catch {
    return { problem: 'not a valid URL' };
  }
  if (url.protocol !== 'file:') return null; // a <base href> sent it elsewhere
  const fragment = url.hash ? url.hash.slice(1) : '';
  url.hash = '';
  url.search = '';
  let target;
  try {
    target = fileURLToPath(url);
  } catch {
    return { problem: 'not a local path' };
  }
  if (!isInsideSite(path.resolve(target))) return { problem: 'points outside SITE_DIR' };
  let st;
  try {
    st = fs.statSync(target);
  } catch {
    return { problem: 'target does not exist' };
  }
  if (st.isDirectory()) {
    const index = path.join(target, 'index.html');
    if (!fs.existsSync(index)) return { problem: 'folder without index.html' };
    target = index;
  }
  return { kind: 'file', target: path.resolve(target), fragment };
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    /* global axe */
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
      incomplete: r.incomplete.map((v) => v.id),
    };
  }, AXE_TAGS);
}

function shotPath(rel, scheme, w, h) {
  const p = path.join(ARTIFACTS, `${rel}--${scheme}-${w}x${h}.png`);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

async function screenshot(page, rel, scheme, w, h, result) {
  const file = shotPath(rel, scheme, w, h);
  await page.screenshot({ path: file, fullPage: FULL_PAGE, animations: 'disabled', caret: 'hide' });
  result.screenshots.push(path.relative(ARTIFACTS, file));
}

async function load(page, url) {
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT_MS });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

async function checkPage(browser, rel) {
  const abs = path.join(SITE, rel);
  const url = pathToFileURL(abs).href;
  const result = {
    page: rel,
    axe: { light: [], dark: [] },
    axeIncomplete: { light: [], dark: [] },
    linksChecked: 0,
    links: [],
    brokenLinks: [],
    network: [],
    failedResources: [],
    scriptErrors: [],
    ids: [],
    screenshots: [],
  };
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    bypassCSP: true, // so axe can be injected into pages with a strict CSP
    serviceWorkers: 'block',
    javaScriptEnabled: true,
  });
  try {
    // Nothing may leave the machine: record and block every other request.
    await context.route(
      (u) => !NON_NETWORK.test(u.href),
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const scheme = { now: 'light' };
    const seen = new Set(); // a blocked stylesheet may be asked for twice per load
    const noteRequest = (u) => {
      const key = `${scheme.now} ${u}`;
      if (seen.has(key)) return;
      seen.add(key);
      result.network.push({ scheme: scheme.now, url: u });
    };
    page.on('request', (req) => {
      const u = req.url();
      if (!NON_NETWORK.test(u)) noteRequest(u);
    });
    page.on('websocket', (ws) => noteRequest(ws.url()));
    page.on('requestfailed', (req) => {
      const u = req.url();
      if (/^file:/i.test(u)) {
        const f = req.failure();
        result.failedResources.push({ scheme: scheme.now, url: u, error: f ? f.errorText : '' });
      }
    });
    page.on('pageerror', (err) => result.scriptErrors.push({ scheme: scheme.now, message: String(err && err.message ? err.message : err) }));

    // Light scheme, desktop: axe, links, screenshot; then the phone width.
    await page.emulateMedia({ colorScheme: 'light' });
    await load(page, url);
    const light = await runAxe(page);
    result.axe.light = light.violations;
    result.axeIncomplete.light = light.incomplete;
    const dom = await page.evaluate(() => ({
      links: [...document.querySelectorAll('a[href], area[href]')].map((a) => ({
        raw: a.getAttribute('href'),
        resolved: a.href,
        text: (a.textContent || a.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60),
      })),
      ids: [
        ...[...document.querySelectorAll('[id]')].map((e) => e.id),
        ...[...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')),
      ],
    }));
    result.ids = dom.ids;
    const ids = new Set(dom.ids);
    for (const link of dom.links) {
      const c = classifyLink(link.raw, link.resolved, url);
      if (!c) continue;
      result.linksChecked++;
      if (c.problem) {
        result.brokenLinks.push({ href: link.raw, text: link.text, problem: c.problem });
      } else if (c.kind === 'fragment') {
        const f = c.fragment;
        if (f !== '' && f.toLowerCase() !== 'top' && !ids.has(f) && !ids.has(safeDecode(f))) {
          result.brokenLinks.push({ href: link.raw, text: link.text, problem: `no element with id "${safeDecode(f)}" on this page` });
        }
      } else {
        result.links.push({ href: link.raw, text: link.text, target: c.target, fragment: c.fragment });
      }
    }
    await screenshot(page, rel, 'light', 1280, 800, result);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, rel, 'light', 390, 844, result);

    // Dark scheme, desktop: a fresh load so no transition is caught halfway.
    scheme.now = 'dark';
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await load(page, url);
    const dark = await runAxe(page);
    result.axe.dark = dark.violations;
    result.axeIncomplete.dark = dark.incomplete;
    await screenshot(page, rel, 'dark', 1280, 800, result);
  } finally {
    await context.close();
  }
  return result;
}

function printPageProblems(r) {
  const lines = [];
  for (const scheme of ['light', 'dark']) {
    for (const v of r.axe[scheme]) {
      lines.push(`  axe [${scheme}] ${v.id} (${v.impact || 'n/a'}): ${v.help}`);
      for (const n of v.nodes.slice(0, SHOW_TARGETS)) lines.push(`      at ${n.target.join(' >>> ')}`);
      if (v.nodes.length > SHOW_TARGETS) lines.push(`      … and ${v.nodes.length - SHOW_TARGETS} more`);
      lines.push(`      see ${v.helpUrl}`);
    }
  }
  for (const b of r.brokenLinks) lines.push(`  broken link: href="${b.href}"${b.text ? ` ("${b.text}")` : ''}: ${b.problem}`);
  for (const n of r.network) lines.push(`  network request [${n.scheme}]: ${n.url}`);
  for (const f of r.failedResources) lines.push(`  missing resource [${f.scheme}]: ${relOrUrl(f.url)} (${f.error})`);
  for (const e of r.scriptErrors) lines.push(`  script error [${e.scheme}]: ${e.message}`);
  if (r.error) lines.push(`  could not check the page: ${r.error}`);
  if (lines.length) {
    console.log(`FAIL ${r.page}`);
    for (const l of lines) console.log(l);
  }
  return lines.length > 0;
}

function relOrUrl(u) {
  try {
    const p = fileURLToPath(u);
    return isInsideSite(p) ? relToSite(p) : p;
  } catch {
    return u;
  }
}

async function main() {
  if (!fs.existsSync(AXE_PATH)) {
    console.error(`check-pages: ${AXE_PATH} is missing (run npm ci in tests/site)`);
    return 2;
  }
  const pages = findPages(SITE);
  if (pages.length === 0) {
    console.error(`check-pages: no .html pages under ${SITE}`);
    return 1;
  }

  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: 60_000,
    });
  } catch (err) {
    console.error(`check-pages: could not start ${CHROMIUM}: ${err.message}`);
    return 2;
  }

  const chromiumVersion = browser.version();
  const results = new Array(pages.length);
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const i = next++;
      try {
        results[i] = await checkPage(browser, pages[i]);
      } catch (err) {
        results[i] = {
          page: pages[i], error: String(err && err.message ? err.message : err).split('\n')[0], linksChecked: 0,
          axe: { light: [], dark: [] }, axeIncomplete: { light: [], dark: [] }, links: [], brokenLinks: [],
          network: [], failedResources: [], scriptErrors: [], ids: [], screenshots: [],
        };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(JOBS, pages.length) }, worker));
  } finally {
    await browser.close();
  }

  // Fragments of links into other pages of the site, now that every page's ids are known.
  const idsByPage = new Map(results.map((r) => [path.join(SITE, r.page), new Set(r.ids)]));
  for (const r of results) {
    for (const l of r.links) {
      if (!l.fragment || l.fragment.toLowerCase() === 'top') continue;
      const ids = idsByPage.get(l.target);
      if (ids && !ids.has(l.fragment) && !ids.has(safeDecode(l.fragment))) {
        r.brokenLinks.push({ href: l.href, text: l.text, problem: `no element with id "${safeDecode(l.fragment)}" in ${relToSite(l.target)}` });
      }
    }
  }

  let failedPages = 0;
  for (const r of results) if (printPageProblems(r)) failedPages++;

  const count = (f) => results.reduce((n, r) => n + f(r), 0);
  const summary = {
    pages: pages.length,
    failedPages,
    axeViolations: { light: count((r) => r.axe.light.length), dark: count((r) => r.axe.dark.length) },
    axeNodes: {
      light: count((r) => r.axe.light.reduce((n, v) => n + v.nodes.length, 0)),
      dark: count((r) => r.axe.dark.reduce((n, v) => n + v.nodes.length, 0)),
    },
    linksChecked: count((r) => r.linksChecked || 0),
    brokenLinks: count((r) => r.brokenLinks.length),
    networkRequests: count((r) => r.network.length),
    failedResources: count((r) => r.failedResources.length),
    scriptErrors: count((r) => r.scriptErrors.length),
    pageErrors: count((r) => (r.error ? 1 : 0)),
    screenshots: count((r) => r.screenshots.length),
  };
  const report = {
    site: SITE,
    chromium: chromiumVersion,
    axeTags: AXE_TAGS,
    summary,
    pages: results.map(({ ids, ...r }) => r),
  };
  fs.writeFileSync(path.join(ARTIFACTS, 'pages-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (summaryArg) fs.writeFileSync(summaryArg, `${JSON.stringify({ ...summary, chromium: report.chromium })}\n`);
  return failedPages > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`check-pages: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);
