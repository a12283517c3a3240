#!/usr/bin/env node
// Runs axe-core (the pinned npm package) in Debian's Chromium on every page of
// built sites, in light and in dark mode (prefers-color-scheme), with the WCAG
// 2.0, 2.1 and 2.2 A and AA rules and axe's best practices, and fails on any
// violation. It also loads each page at phone widths (360 and 414 px) and fails
// when anything scrolls sideways or the header wraps.
//
//   node scripts/axe.mjs SITE [SITE ...]
//
// SITE is a built site's output folder; each is served by a tiny static server
// on 127.0.0.1. Redirect pages (an alias's meta refresh) are left out: they
// are not pages anyone reads, and they leave before axe could run. The page's
// Content-Security-Policy is bypassed only to inject axe itself.
//
// CHROME_PATH picks the browser (default /usr/bin/chromium).
// AXE_PAGES, space-separated site paths, limits the run to those pages.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { serve } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = require('axe-core/package.json').version;

// The rule sets: every WCAG 2.x A and AA rule, and axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
const SCHEMES = ['light', 'dark'];
const PHONES = [360, 414];

// pages lists the site paths of the HTML pages under dir, redirects left out.
async function pages(dir) {
  const out = [];
  async function walk(rel) {
    for (const e of await fsp.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) {
        await walk(r);
      } else if (e.name.endsWith('.html')) {
        const head = (await fsp.readFile(path.join(dir, r), 'utf8')).slice(0, 2048);
        if (/http-equiv="refresh"/i.test(head)) continue;
        out.push('/' + r.replace(/(^|\/)index\.html$/, '$1'));
      }
    }
  }
  await walk('');
  return out.sort();
}

// describe formats one violation for the log.
function describe(v) {
  const nodes = v.nodes.slice(0, 5).map((n) => {
    const why = (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300);
    return `        ${n.target.join(' ')}\n          ${n.html.slice(0, 200)}\n          ${why}`;
  });
  const more = v.nodes.length > 5 ? `\n        ... and ${v.nodes.length - 5} more` : '';
  return `    ${v.id} (${v.impact}): ${v.help}\n      ${v.helpUrl}\n${nodes.join('\n')}${more}`;
}

// layout reports what is wrong with the page's layout at a phone's width:
// sideways scrolling, and a header whose parts do not sit on one line.
async function layout(page) {
  return page.evaluate(() => {
    const problems = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
        .slice(0, 3)
        .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
      problems.push(`scrolls sideways: ${doc.scrollWidth}px of content in ${doc.clientWidth}px (${wide.join(', ')})`);
    }
    const inner = document.querySelector('.site-header__inner');
    if (inner) {
      const tops = [...inner.children]
        .filter((el) => el.getBoundingClientRect().height > 0)
        .map((el) => {
          const r = el.getBoundingClientRect();
          return r.top + r.height / 2;
        });
      if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 8) {
        problems.push('the header wraps onto more than one line');
      }
    }
    return problems;
  });
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0 || dirs.some((d) => d.startsWith('-'))) {
    console.log('usage: node scripts/axe.mjs SITE [SITE ...]');
    process.exit(2);
  }
  const only = (process.env.AXE_PAGES || '').split(/\s+/).filter(Boolean);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  let failed = 0;
  let checked = 0;
  try {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    for (const dir of dirs) {
      if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html not found: build the site first`);
      const server = await serve(dir);
      const base = `http://127.0.0.1:${server.address().port}`;
      let list = await pages(dir);
      if (only.length) list = list.filter((p) => only.includes(p));
      console.log(`axe ${AXE_VERSION}: ${list.length} pages of ${dir}, in ${SCHEMES.join(' and ')} mode`);
      try {
        for (const p of list) {
          const problems = [];
          await page.setViewport({ width: 1280, height: 900 });
          for (const scheme of SCHEMES) {
            await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
            const res = await page.goto(base + p, { waitUntil: 'load' });
            if (!res || (res.status() !== 200 && !p.endsWith('404.html'))) {
              problems.push(`  ${scheme}: HTTP ${res ? res.status() : 'no response'}`);
              continue;
            }
            await page.evaluate(AXE);
            const result = await page.evaluate(
              (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
              TAGS,
            );
            for (const v of result.violations) problems.push(`  ${scheme}:\n${describe(v)}`);
          }
          await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
          for (const width of PHONES) {
            await page.setViewport({ width, height: 800 });
            await page.goto(base + p, { waitUntil: 'load' });
            for (const l of await layout(page)) problems.push(`  ${width}px: ${l}`);
          }
          checked++;
          if (problems.length) {
            failed++;
            console.log(`FAIL ${p}\n${problems.join('\n')}`);
          }
        }
      } finally {
        await new Promise((r) => server.close(r));
      }
    }
  } finally {
    await browser.close();
  }
  if (failed) {
    console.log(`axe: FAIL: ${failed} of ${checked} pages have violations`);
    process.exit(1);
  }
  console.log(`axe: ok, ${checked} pages, 0 violations (${TAGS.join(', ')}), none scrolls sideways at ${PHONES.join(' or ')} px`);
}

main().catch((err) => {
  console.error(`axe: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
