// A tiny static file server for a built site, shared by the validators
// (lighthouse.mjs, axe.mjs): 127.0.0.1, an ephemeral port, no headers of
// its own unless asked for the site's _headers.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

// readHeaders parses a _headers file: a URL pattern at the start of a line
// (with * matching anything), then indented "Name: value" lines.
function readHeaders(file) {
  const rules = [];
  if (!fs.existsSync(file)) return rules;
  let cur = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const re = new RegExp('^' + line.trim().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
      cur = { re, headers: [] };
      rules.push(cur);
    } else if (cur) {
      const i = line.indexOf(':');
      if (i > 0) cur.headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}

// serve starts a static file server for root on 127.0.0.1 and an ephemeral
// port. Directories answer with their index.html; a missing file answers with
// the site's 404.html and status 404, as static hosts do. With withHeaders it
// adds the headers of the site's _headers file.
export function serve(root, withHeaders = false) {
  root = path.resolve(root);
  const rules = withHeaders ? readHeaders(path.join(root, '_headers')) : [];
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let p = path.normalize(decodeURIComponent(url.pathname));
      let file = path.join(root, p);
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      let st = await fsp.stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: url.pathname + '/' + url.search }).end();
          return;
        }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      let status = 200;
      if (!st || !st.isFile()) {
        status = 404;
        file = path.join(root, '404.html');
        st = await fsp.stat(file).catch(() => null);
        if (!st) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
          return;
        }
      }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Content-Length': st.size };
      for (const rule of rules) {
        if (rule.re.test(url.pathname)) for (const [k, v] of rule.headers) headers[k] = v;
      }
      res.writeHead(status, headers);
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
