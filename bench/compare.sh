#!/usr/bin/env bash
# compare.sh: time carepress against Hugo and the floor loop on the same
# generated corpus (issue 7). Run it from anywhere in the repository:
#
#   bench/compare.sh N [RUNS]          cold builds of N posts, RUNS times each (default 3),
#                                      plus a warm carepress rebuild after one post changes
#   bench/compare.sh --rss-only N      one cold carepress build of N posts: wall, CPU, peak RSS
#
# Each run builds with Hugo, then carepress (cold, then warm after one post
# is edited), then the floor, so that a busy machine weighs on all three
# alike. "Cold" means no output and no cache: public/, .carepress/ and
# Hugo's cache and resources are deleted before every cold run (the source
# files stay in the OS page cache, as they would on a developer's machine).
# Times and peak RSS come from GNU time (/usr/bin/time -v).
#
# It installs what it lacks with apt-get (Debian's hugo, the time package),
# so run it as root or with those already installed. KEEP=1 keeps the
# work directory (corpus, outputs, logs) for inspection.
set -euo pipefail

usage() {
	echo "usage: bench/compare.sh N [RUNS] | bench/compare.sh --rss-only N" >&2
	exit 2
}

rss_only=false
if [[ ${1:-} == --rss-only ]]; then
	rss_only=true
	shift
fi
[[ $# -ge 1 && $# -le 2 ]] || usage
n=$1
runs=${2:-3}
[[ $n =~ ^[0-9]+$ && $runs =~ ^[1-9][0-9]*$ ]] || usage
if $rss_only && (($# != 1)); then usage; fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
now=2026-11-01T00:00:00Z # carepress's clock: every corpus post is older

# apt_install installs Debian packages, refreshing the package lists once if
# the first try cannot find them. --no-install-recommends keeps hugo from
# pulling in Debian's own (old) Go toolchain.
apt_install() {
	if ! apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends "$@" >/dev/null
	fi
}

need=()
[[ -x /usr/bin/time ]] || need+=(time)
$rss_only || command -v hugo >/dev/null || need+=(hugo)
if ((${#need[@]})); then
	echo "installing ${need[*]} with apt-get..." >&2
	apt_install "${need[@]}"
fi

work=$(mktemp -d /tmp/carepress-bench.XXXXXX)
cleanup() {
	if [[ ${KEEP:-} == 1 ]]; then
		echo "kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

bin=$work/bin
mkdir -p "$bin"
(
	cd "$repo"
	go build -o "$bin/carepress" ./cmd/carepress
	go build -o "$bin/floor" ./bench/floor
	go build -o "$bin/gen" ./bench/gen
)

results=$work/results.tsv # tool, run, wall s, cpu s, peak RSS KiB
: >"$results"

# measure TOOL RUN CMD...: runs CMD under GNU time and records its figures.
measure() {
	local tool=$1 run=$2
	shift 2
	local tv=$work/time-$tool-$run.txt log=$work/log-$tool-$run.txt
	if ! /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1; then
		echo "$tool failed (run $run); its output:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
	awk -v tool="$tool" -v run="$run" -F': ' '
		/Elapsed \(wall clock\)/ {
			k = split($NF, t, ":"); wall = 0
			for (i = 1; i <= k; i++) wall = wall * 60 + t[i]
		}
		/User time \(seconds\)/ { user = $NF }
		/System time \(seconds\)/ { sys = $NF }
		/Maximum resident set size/ { rss = $NF }
		END { printf "%s\t%s\t%.2f\t%.2f\t%d\n", tool, run, wall, user + sys, rss }
	' "$tv" >>"$results"
	tail -n 1 "$results" | awk -F'\t' '{ printf "  %-14s run %s: wall %6.2f s  cpu %6.2f s  peak RSS %7.1f MiB\n", $1, $2, $3, $4, $5 / 1024 }' >&2
}

machine_info() {
	echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ { print $2 }') GiB"
	echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start"
	echo "go:      $(go version | cut -d' ' -f3)"
	$rss_only || echo "hugo:    $(hugo version | cut -d' ' -f2)"
}
machine=$(machine_info)

cp_site=$work/carepress
echo "generating $n posts..." >&2
"$bin/gen" -n "$n" -o "$cp_site" -share-cards=false >/dev/null

cold_carepress() {
	rm -rf "$cp_site/public" "$cp_site/.carepress" "$cp_site/social"
}

if $rss_only; then
	echo "$machine"
	cold_carepress
	measure carepress 1 "$bin/carepress" build -s "$cp_site" --now "$now"
	awk -F'\t' '{ printf "\ncarepress, %s posts, cold: wall %.2f s, cpu %.2f s, peak RSS %.1f MiB\n", n, $3, $4, $5 / 1024 }' n="$n" "$results"
	exit 0
fi

hugo_site=$work/hugo
"$bin/gen" -n "$n" -o "$hugo_site" -hugo >/dev/null
cp -R "$repo/bench/hugo/layouts" "$repo/bench/hugo/static" "$hugo_site/"
floor_out=$work/floor-out

# The post the warm rebuild edits, and its original text to restore.
edited=$(printf '%s/content/posts/post-%05d.md' "$cp_site" $((n / 2)))
cp "$edited" "$work/edited.orig"

echo "$machine" >&2
for run in $(seq 1 "$runs"); do
	echo "run $run of $runs" >&2
	rm -rf "$hugo_site/public" "$hugo_site/resources" "$work/hugo-cache"
	measure hugo "$run" hugo --quiet -s "$hugo_site" -d "$hugo_site/public" --cacheDir "$work/hugo-cache"

	cold_carepress
	measure carepress "$run" "$bin/carepress" build -s "$cp_site" --now "$now"
	printf '\nThis post was updated in run %s.\n' "$run" >>"$edited"
	measure carepress-warm "$run" "$bin/carepress" build -s "$cp_site" --now "$now"
	cp "$work/edited.orig" "$edited"

	rm -rf "$floor_out"
	measure floor "$run" "$bin/floor" -s "$cp_site" -o "$floor_out"
done

files() { find "$1" -type f | wc -l; }
echo "files written: hugo $(files "$hugo_site/public"), carepress $(files "$cp_site/public"), floor $(files "$floor_out")" >&2

# The table: medians per tool, then the ratios the targets are stated in.
echo
echo "$machine"
echo "corpus:  $n posts (seed 1, ~8 KB of markdown each, seo.share_cards: false); $runs run(s) each; medians"
echo
awk -F'\t' '
	function median(list,   a, k, i, j, t) {
		k = split(list, a, " ")
		for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	{ wall[$1] = wall[$1] " " $3; cpu[$1] = cpu[$1] " " $4; rss[$1] = rss[$1] " " $5 }
	END {
		split("hugo carepress carepress-warm floor", tools, " ")
		printf "%-16s %10s %10s %14s\n", "", "wall (s)", "cpu (s)", "peak RSS (MiB)"
		for (i = 1; i <= 4; i++) {
			t = tools[i]; W[t] = median(wall[t]); C[t] = median(cpu[t]); R[t] = median(rss[t]) / 1024
			printf "%-16s %10.2f %10.2f %14.1f\n", t, W[t], C[t], R[t]
		}
		printf "\n%-16s %10.2f %10.2f %14.2f   (targets: wall <= 0.25, RSS <= 0.125)\n", "carepress/hugo", W["carepress"] / W["hugo"], C["carepress"] / C["hugo"], R["carepress"] / R["hugo"]
		printf "%-16s %10.2f %10.2f %14.2f   (target: wall <= 1.5)\n", "carepress/floor", W["carepress"] / W["floor"], C["carepress"] / C["floor"], R["carepress"] / R["floor"]
		printf "%-16s %10.2f %10.2f %14s   (target: wall <= 0.1)\n", "warm/cold", W["carepress-warm"] / W["carepress"], C["carepress-warm"] / C["carepress"], "-"
	}
' "$results"
