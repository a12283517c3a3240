#!/usr/bin/env bash
# Validates what the example site's build writes (and, for accessibility, the
# starter sites), with real outside tools:
#
#   1. sitemap.xml against the sitemaps.org 0.9 schema (xmllint, libxml2-utils);
#   2. every HTML page with html-validate (npm, pinned in package.json; rules in
#      .htmlvalidate.json): zero errors;
#   3. axe-core (npm, pinned) in Debian's Chromium on every page of the example
#      and of a starter site of each country, in light and dark mode: zero
#      violations of the WCAG 2.2 A and AA rules and axe's best practices, and no
#      page that scrolls sideways or whose header wraps at 360 and 414 px
#      (scripts/axe.mjs);
#   4. Lighthouse (npm, pinned) in Debian's Chromium on the home page, a post, a
#      service and the provider directory: SEO, Accessibility and Best Practices
#      must be 100, Performance at least 95 (scripts/lighthouse.mjs).
#
# It builds the site into a temporary folder with a fixed clock, so public/ is
# left alone. Needs: go, xmllint, node with `npm ci` done, and chromium.
# Every step runs even when an earlier one fails; the exit status is 1 if any
# failed.
#
# Environment:
#   SITEMAP_XSD        schema for sitemap.xml (default ../shared/schemas/sitemap.xsd)
#   CHROME_PATH        browser for Lighthouse (default /usr/bin/chromium)
#   LIGHTHOUSE_OUT     keep Lighthouse's JSON and HTML reports in this folder
#   LIGHTHOUSE_PAGES   space-separated paths to audit (default: see scripts/lighthouse.mjs)
#   SKIP_LIGHTHOUSE=1  skip step 4 (for a quick local run)
#   AXE_COUNTRIES      the countries whose starter site axe checks (default
#                      "US CA GB IE AU NZ"; one carepress does not support is
#                      reported and skipped)
#   SKIP_AXE=1         skip step 3
#
# .htmlvalidate.json is html-validate's "recommended" preset (its strictest)
# with one rule off:
#   tel-non-breaking  wants &nbsp; and U+2011 inside visible phone numbers. The
#                     theme keeps them on one line with CSS instead (.tel and
#                     a[href^="tel:"] { white-space: nowrap }), which also covers
#                     tel: links a practice writes in markdown, and keeps the text
#                     copyable into a dialer.
set -euo pipefail
cd "$(dirname "$0")/.."

now=2026-11-24T12:00:00-06:00
xsd=${SITEMAP_XSD:-../shared/schemas/sitemap.xsd}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carepress-validate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
site=$tmp/public

failed=()
fail() { echo "FAIL: $*"; failed+=("$1"); }

echo "== build the example site (--now $now)"
go run ./cmd/carepress build --now "$now" -o "$site"

# ---------------------------------------------------------------- sitemap
echo "== sitemap.xml: xmllint --schema $xsd"
validate_sitemap() {
  if ! command -v xmllint >/dev/null; then
    echo "xmllint not found: apt-get install -y libxml2-utils"; return 1
  fi
  if [ ! -f "$xsd" ]; then
    echo "schema $xsd not found (shared/ must sit beside the repository)"; return 1
  fi
  if [ ! -f "$site/sitemap.xml" ]; then
    echo "sitemap.xml is missing from the build output: the build must write it (issue 3)"; return 1
  fi
  local files=("$site/sitemap.xml")
  # Above 50,000 URLs sitemap.xml is an index: validate the sitemaps it lists.
  if xmllint --nonet --xpath 'local-name(/*)' "$site/sitemap.xml" 2>/dev/null | grep -qx sitemapindex; then
    echo "sitemap.xml is a sitemap index"
    xmllint --nonet --noout "$site/sitemap.xml" || return 1
    files=()
    local loc rel
    while IFS= read -r loc; do
      [ -n "$loc" ] || continue
      # The path after the host, or after a sub-path base_url: try each suffix.
      rel=${loc#*://*/}
      while [ ! -f "$site/$rel" ] && [ "$rel" != "${rel#*/}" ]; do rel=${rel#*/}; done
      if [ ! -f "$site/$rel" ]; then echo "index lists $loc, but it is not in the output"; return 1; fi
      files+=("$site/$rel")
    done < <(xmllint --nonet --xpath '//*[local-name()="sitemap"]/*[local-name()="loc"]/text()' "$site/sitemap.xml" 2>/dev/null | tr -s ' \t' '\n\n')
    [ ${#files[@]} -gt 0 ] || { echo "sitemap index lists no sitemaps"; return 1; }
  fi
  # The sitemaps.org schema checks elements of other namespaces strictly:
  # load it with the declaration of the xhtml:link alternates.
  local both="$tmp/sitemap-alternates.xsd"
  cat > "$both" <<XSD
<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="$(realpath "$xsd")"/>
  <xs:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="$PWD/testdata/schemas/xhtml-link.xsd"/>
</xs:schema>
XSD
  xmllint --nonet --noout --schema "$both" "${files[@]}"
}
validate_sitemap || fail sitemap "sitemap.xml check failed"

# ---------------------------------------------------------------- HTML
echo "== html-validate (every page)"
validate_html() {
  local hv=node_modules/.bin/html-validate
  if [ ! -x "$hv" ]; then echo "$hv not found: run npm ci"; return 1; fi
  local pages=()
  mapfile -d '' pages < <(find "$site" -name '*.html' -type f -print0 | sort -z)
  if [ ${#pages[@]} -eq 0 ]; then echo "no HTML pages in the build output"; return 1; fi
  echo "${#pages[@]} pages, $("$hv" --version)"
  # --config: html-validate otherwise looks for its config beside each file,
  # and the pages are in a temporary folder outside the repository.
  "$hv" --config .htmlvalidate.json --formatter stylish "${pages[@]}" && echo "html-validate: 0 errors"
}
validate_html || fail html-validate "html-validate found errors"

# ---------------------------------------------------------------- axe
if [ "${SKIP_AXE:-}" = 1 ]; then
  echo "== axe: skipped (SKIP_AXE=1)"
else
  echo "== axe (every page of the example and of a starter site per country, light and dark)"
  check_axe() {
    if [ ! -d node_modules/axe-core ] || [ ! -d node_modules/puppeteer-core ]; then
      echo "node_modules/axe-core not found: run npm ci"; return 1
    fi
    local sites=("$site") c dir
    go build -o "$tmp/carepress" ./cmd/carepress || return 1
    for c in ${AXE_COUNTRIES:-US CA GB IE AU NZ}; do
      dir=$tmp/starter-$c
      if ! "$tmp/carepress" new site "$dir" --kind clinic --country "$c" >"$tmp/new-$c.log" 2>&1; then
        if grep -q 'unsupported country' "$tmp/new-$c.log"; then
          echo "SKIP starter $c: $(cat "$tmp/new-$c.log")"; continue
        fi
        cat "$tmp/new-$c.log"; return 1
      fi
      # A starter warns about each gap its notices leave: only a failure is shown.
      if ! "$tmp/carepress" build -s "$dir" --now "$now" >"$tmp/build-$c.log" 2>&1; then
        cat "$tmp/build-$c.log"; return 1
      fi
      sites+=("$dir/public")
    done
    node scripts/axe.mjs "${sites[@]}"
  }
  check_axe || fail axe "axe-core found violations"
fi

# ---------------------------------------------------------------- Lighthouse
if [ "${SKIP_LIGHTHOUSE:-}" = 1 ]; then
  echo "== lighthouse: skipped (SKIP_LIGHTHOUSE=1)"
else
  echo "== lighthouse"
  read -r -a lh_pages <<<"${LIGHTHOUSE_PAGES:-}"
  lh_args=(--dir "$site")
  [ -n "${LIGHTHOUSE_OUT:-}" ] && lh_args+=(--out "$LIGHTHOUSE_OUT")
  node scripts/lighthouse.mjs "${lh_args[@]}" "${lh_pages[@]}" || fail lighthouse "Lighthouse scores below their minimum"
fi

echo "== validate: ${#failed[@]} failed${failed[*]:+ (${failed[*]})}"
[ ${#failed[@]} -eq 0 ]
