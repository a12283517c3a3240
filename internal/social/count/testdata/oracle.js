// Runs twitter-text (node_modules/twitter-text, the version package.json
// pins) on texts for TestConformance: reads a JSON array of strings on
// stdin and writes, for each, parseTweet's weightedLength and valid and
// extractUrlsWithIndices' URLs as UTF-8 byte offsets. With --classes it
// writes instead which of the 65,536 UTF-16 code units each character class
// of the URL pattern holds, and which units match each cased letter of the
// TLD lists, so that the Go tables can be compared unit by unit.
'use strict';
const path = require('path');
const root = process.argv[2];
const tt = require(path.join(root, 'node_modules', 'twitter-text'));
const rx = (name) => require(path.join(root, 'node_modules', 'twitter-text', 'dist', 'regexp', name));

function bytesBefore(text, i) {
  return Buffer.byteLength(text.slice(0, i), 'utf8');
}

function run(texts) {
  return texts.map((text) => {
    const p = tt.parseTweet(text);
    const urls = tt.extractUrlsWithIndices(text).map((u) => [bytesBefore(text, u.indices[0]), bytesBefore(text, u.indices[1])]);
    return { weightedLength: p.weightedLength, valid: p.valid, urls };
  });
}

// bitmap returns, for a one-unit pattern, a string of 65,536 '0'/'1'.
function bitmap(re) {
  const out = new Array(65536);
  for (let u = 0; u < 65536; u++) out[u] = re.test(String.fromCharCode(u)) ? '1' : '0';
  return out.join('');
}

function classes() {
  const one = (src) => new RegExp('^(?:' + src + ')$', 'i');
  const latin = rx('latinAccentChars').source;
  const cyr = rx('cyrillicLettersAndMarks').source;
  const out = {
    preceding: bitmap(one(rx('validUrlPrecedingChars').source)),
    domain: bitmap(one(rx('validDomainChars').source)),
    path: bitmap(one(rx('validGeneralUrlPathChars').source)),
    pathEnd: bitmap(one('[\\+\\-a-z' + cyr + '0-9=_#\\/' + latin + ']')),
    query: bitmap(one(rx('validUrlQueryChars').source)),
    queryEnd: bitmap(one(rx('validUrlQueryEndingChars').source)),
    asciiDomain: bitmap(one('[\\-a-z0-9' + latin + ']')),
    punycode: bitmap(one('[\\-0-9a-z]')),
    tldFollowerOK: bitmap(new RegExp('^[^0-9a-zA-Z@+-]$', 'i')),
    invalid: bitmap(rx('invalidChars')),
    tldLetters: {},
  };
  // Which units match each cased letter of the TLD lists, case-insensitively.
  const tlds = [rx('validGTLD'), rx('validCCTLD')].map((r) => r.source.slice(6, r.source.indexOf(')(?='))).join('|');
  const letters = new Set(tlds.replace(/\|/g, ''));
  for (const c of letters) {
    if (c.toUpperCase() === c.toLowerCase()) continue;
    const re = new RegExp('^' + c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$', 'i');
    const units = [];
    for (let u = 0; u < 65536; u++) if (re.test(String.fromCharCode(u))) units.push(u);
    out.tldLetters[c.charCodeAt(0)] = units;
  }
  return out;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const out = process.argv.includes('--classes') ? classes() : run(JSON.parse(input));
  process.stdout.write(JSON.stringify(out));
});
