#!/usr/bin/env bash
# Starling's benchmark (run by hand, never by the test suite). For each size it generates the data once, then,
# alternating, runs `starling build` and the baseline (the SQL `starling compile` renders, run statement by
# statement over one plain JDBC connection: bench/Baseline.java) REPS times each, and prints median wall time,
# events per second, peak RSS and the ratio. Then it times staging 20,000 one-record song files, and `compile`
# of synthetic projects of 2,000 and 10,000 models (3 tests each), and `docs generate` of the same projects with
# the time headless Chromium takes to open the site (when /usr/bin/chromium is there).
#
#   bench/run.sh                      # sizes 100000 2000000 10000000
#   bench/run.sh 100000               # one size
#   REPS=5 BENCH_DIR=/big/disk bench/run.sh
#   BENCH_PARTS="compile docs" BENCH_MODELS=500 REPS=1 bench/run.sh   # only some parts, other project sizes
#   BENCH_PARTS=daily DAILY_SIZES="1000000" bench/run.sh                # the daily-run table only
#
# The daily-run table (part "daily", sizes DAILY_SIZES, default 1000000 10000000): 30 days of events, 5% of the
# song files held back; `run` of days 1-29 from nothing (full), then day 30 and the held-back songs arrive and `run`
# (daily), then `run` again with nothing new (no-op), and `show --inline "select 1 as one"` (start-up); the daily
# run's per-node times below the table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-$root/bench/work}"
reps="${REPS:-3}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 2000000 10000000)
parts=" ${BENCH_PARTS:-build staging compile docs daily} "
has() { [[ "$parts" == *" $1 "* ]]; }
read -r -a model_counts <<<"${BENCH_MODELS:-2000 10000}"
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)   # the launcher's JVM flags, for the baseline too
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

mkdir -p "$work"
"$root/starling" --version >/dev/null          # builds target/starling.jar if needed
jar="$root/target/starling.jar"
mkdir -p "$work/classes"
javac -q -cp "$jar" -d "$work/classes" "$root/bench/Baseline.java" "$root/bench/SyntheticProject.java" 2>/dev/null \
  || javac -cp "$jar" -d "$work/classes" "$root/bench/Baseline.java" "$root/bench/SyntheticProject.java"
starling() { "$root/starling" "$@"; }   # as users run it: the launcher (its JVM flags and class-data archive)

# The Sparkify project, copied so the benchmark's databases and compiled files stay out of the repo's target/.
project="$work/project"
rm -rf "$project" && mkdir -p "$project"
cp -r "$root/project.yml" "$root/models" "$root/snapshots" "$root/tests" "$root/analyses" "$project/"

# timed FILE CMD...: runs CMD, appends "seconds peak_rss_kb" to FILE; CMD's output goes to FILE.out
timed() {
  local out="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out.time" "$@" >"$out.out" 2>&1 || { echo "bench: failed: $*" >&2; cat "$out.out" >&2; exit 1; }
  cat "$out.time" >>"$out"
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
col() { awk -v c="$1" '{print $c}' "$2"; }

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(java -version 2>&1 | sed -n 1p); $(date -u +%F)"
if has build; then
echo
echo "| events | song files | generate (time, peak RSS) | starling build | baseline | ratio | events/s (starling) | peak RSS starling / baseline | JVM heap peak |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for events in "${sizes[@]}"; do
  songs=$(( events / 100 ))
  data="$work/data-$events"
  gen="-"
  if [ ! -d "$data" ]; then
    /usr/bin/time -f "%e %M" -o "$work/gen.time" java "${jvm[@]}" -jar "$jar" generate --out "$data" --events "$events" \
      --songs "$songs" --seed 42 >/dev/null
    gen=$(awk '{printf "%.2fs, %d MB", $1, $2 / 1024}' "$work/gen.time")
  fi
  vars="{data_dir: $data}"
  starling compile --project-dir "$project" --vars "$vars" >/dev/null
  starling ls --project-dir "$project" --vars "$vars" >"$work/ls.txt"
  rm -f "$work/s.$events" "$work/b.$events"
  for _ in $(seq "$reps"); do
    rm -f "$project/target/sparkify.duckdb"*
    timed "$work/s.$events" "$root/starling" build --project-dir "$project" --vars "$vars" --debug
    grep -o 'JVM heap peak [0-9]* MB' "$work/s.$events.out" | grep -o '[0-9]*' >>"$work/heap.$events"
    rm -f "$work/baseline.duckdb"*
    timed "$work/b.$events" java "${jvm[@]}" -cp "$jar:$work/classes" Baseline "$project" "$work/ls.txt" "$work/baseline.duckdb" \
      memory_limit=4GB preserve_insertion_order=false   # the dev target's DuckDB settings
  done
  s=$(col 1 "$work/s.$events" | median); b=$(col 1 "$work/b.$events" | median)
  srss=$(col 2 "$work/s.$events" | median); brss=$(col 2 "$work/b.$events" | median)
  heap=$(median <"$work/heap.$events"); rm -f "$work/heap.$events"
  awk -v e="$events" -v n="$songs" -v g="$gen" -v s="$s" -v b="$b" -v sr="$srss" -v br="$brss" -v h="$heap" '
    function commas(x,  t) { t = sprintf("%d", x); while (t ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", t); return t }
    BEGIN { printf "| %s | %s | %s | %.2fs | %.2fs | %.3f | %s | %d / %d MB | %d MB |\n", commas(e), commas(n), g, s, b, s/b, commas(e/s), sr/1024, br/1024, h }'
done

fi

if has staging; then
echo
echo "Staging 20,000 one-record song files (file cache warm):"
songs20k="$work/songs-20000"
[ -d "$songs20k" ] || java -jar "$jar" generate --out "$songs20k" --events 1000 --songs 20000 --seed 7 >/dev/null
sync
bytes=$( { /usr/bin/time -f "%e" find "$songs20k/song_data" -name '*.json' -exec cat {} + >/dev/null; } 2>&1 )
# the plain way: DuckDB's read_json over the glob with the source's columns, into a table (what compile shows)
starling compile --project-dir "$project" --vars "{data_dir: $songs20k}" --select sparkify.song_staging >/dev/null
plain_sql=$(sed -e 's/;[[:space:]]*$//' "$project/target/compiled/models/staging/sources.yml/sparkify.song_staging.sql")
rm -f "$work/glob.duckdb"* "$work/glob2.duckdb"*
glob=$(java "${jvm[@]}" -cp "$jar:$work/classes" Baseline --sql "$work/glob.duckdb" "$plain_sql" \
  'select count(*) from "main"."song_staging"')
# the same statement with the dev target's DuckDB settings (preserve_insertion_order=false lets it scan files in parallel)
glob_set=$(java "${jvm[@]}" -cp "$jar:$work/classes" Baseline --sql "$work/glob2.duckdb" "$plain_sql" \
  'select count(*) from "main"."song_staging"' memory_limit=4GB preserve_insertion_order=false)
rm -f "$project/target/sparkify.duckdb"*
"$root/starling" run --project-dir "$project" --vars "{data_dir: $songs20k}" --select sparkify.song_staging --debug >"$work/stage.out" 2>&1 \
  || { echo "starling run failed:"; sed -n 2,6p "$work/stage.out"; }
stage=$(grep -o 'execute [0-9.]*s' "$work/stage.out" | grep -o '[0-9.]*')
echo "| reading the bytes (cat) | read_json over the glob, DuckDB's defaults | the same, the target's settings | starling run --select sparkify.song_staging (execute phase: read, rejects, swap) |"
echo "|---:|---:|---:|---:|"
echo "| ${bytes}s | $(echo "$glob" | cut -d' ' -f1)s ($(echo "$glob" | cut -d' ' -f2) rows) | $(echo "$glob_set" | cut -d' ' -f1)s | ${stage}s ($(grep -o '[0-9,]* loaded' "$work/stage.out" | head -1)) |"

fi

if has compile; then
echo
echo "compile (whole process, cold JVM), median of $reps:"
echo "| models | tests | compiled files up to date | fresh target folder | file system alone: as many small files, one after another, right after |"
echo "|---:|---:|---:|---:|---:|"
for models in "${model_counts[@]}"; do
  dir="$work/synthetic-$models"
  [ -d "$dir" ] || java -cp "$work/classes" SyntheticProject "$dir" "$models" >/dev/null
  rm -f "$work/cf" "$work/cw" "$work/fs"
  for _ in $(seq "$reps"); do
    rm -rf "$dir/target" && sync
    timed "$work/cf" "$root/starling" compile --project-dir "$dir"
    timed "$work/cw" "$root/starling" compile --project-dir "$dir"
    # the file system's own time for the same number of new files, measured in between (it varies a lot here)
    rm -rf "$work/files" && sync
    java -cp "$work/classes" Baseline --files "$work/files" $(( models * 4 )) >>"$work/fs"
    rm -rf "$work/files"
  done
  echo "| $models | $(( models * 3 )) | $(col 1 "$work/cw" | median)s | $(col 1 "$work/cf" | median)s | $(median <"$work/fs")s ($(( models * 4 )) files) |"
done
fi

if has docs; then
echo
echo "docs generate (whole process, cold JVM; columns from YAML: nothing built) and opening the site in headless"
echo "Chromium (from process start to the screenshot of the rendered page, minus the same for an empty page), median of $reps:"
echo "| models | tests | docs generate | data.js | open the lineage page | open a model page |"
echo "|---:|---:|---:|---:|---:|---:|"
echo '<!doctype html><title>empty</title>' >"$work/empty.html"
# open URL: seconds until headless Chromium has rendered URL and written its screenshot
open_page() {
  /usr/bin/time -f "%e" -o "$work/open.time" chromium --headless --no-sandbox --disable-gpu --window-size=1400,1000 \
    --screenshot="$work/open.png" "$1" >/dev/null 2>&1 || { echo "bench: chromium failed on $1" >&2; exit 1; }
  cat "$work/open.time"
}
for models in "${model_counts[@]}"; do
  dir="$work/synthetic-$models"
  [ -d "$dir" ] || java -cp "$work/classes" SyntheticProject "$dir" "$models" >/dev/null
  rm -rf "$dir/target"
  rm -f "$work/dg" "$work/ol" "$work/om" "$work/oe"
  for _ in $(seq "$reps"); do
    timed "$work/dg" "$root/starling" docs generate --project-dir "$dir"
    if command -v chromium >/dev/null; then
      open_page "file://$work/empty.html" >>"$work/oe"
      open_page "file://$dir/target/docs/index.html#!/lineage" >>"$work/ol"
      open_page "file://$dir/target/docs/index.html#!/node/model.model_$(( models / 2 ))" >>"$work/om"
    fi
  done
  size=$(du -m "$dir/target/docs/data.js" | cut -f1)
  if [ -s "$work/ol" ]; then
    empty=$(median <"$work/oe")
    lineage=$(awk -v l="$(median <"$work/ol")" -v e="$empty" 'BEGIN { printf "%.2fs", l - e }')
    model=$(awk -v m="$(median <"$work/om")" -v e="$empty" 'BEGIN { printf "%.2fs", m - e }')
  else
    lineage="- (no chromium)"; model="-"
  fi
  echo "| $models | $(( models * 3 )) | $(col 1 "$work/dg" | median)s | $size MB | $lineage | $model |"
done
fi

if has daily; then
read -r -a daily_sizes <<<"${DAILY_SIZES:-1000000 10000000}"
echo
echo "Daily runs over 30 days (median of $reps): full = run of days 1-29 from nothing; daily = run after day 30 and"
echo "the 5% held-back song files arrive; no-op = run with nothing new; start-up = show --inline \"select 1 as one\"."
echo "| events | song files | full | daily | no-op | start-up | (daily - start-up) / full | (no-op - start-up) / full | daily / full | JVM heap peak full / daily |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for events in "${daily_sizes[@]}"; do
  songs=$(( events / 100 ))
  data="$work/data-$events"
  [ -d "$data" ] || java "${jvm[@]}" -jar "$jar" generate --out "$data" --events "$events" --songs "$songs" --seed 42 >/dev/null
  day30=$(find "$data/log_data" -name '*.json' | sort | tail -1)
  rm -f "$work/df.$events" "$work/dd.$events" "$work/dn.$events" "$work/du.$events" "$work/dh.$events"
  for _ in $(seq "$reps"); do
    # days 1-29 and 95% of the songs, as hard links (nothing is copied)
    live="$work/daily-$events"
    rm -rf "$live" "$work/held-$events" && mkdir -p "$live" "$work/held-$events"
    cp -al "$data/log_data" "$data/song_data" "$live/"
    rm "$live/log_data/${day30#$data/log_data/}"
    (cd "$live/song_data" && find . -name '*.json' | sort | awk 'NR % 20 == 0' >"$work/held-$events.list")
    (cd "$live/song_data" && while read -r f; do rm "$f"; done <"$work/held-$events.list")
    vars="{data_dir: $live}"
    rm -f "$project/target/sparkify.duckdb"*
    sync
    timed "$work/df.$events" "$root/starling" run --project-dir "$project" --vars "$vars" --debug
    heap_full=$(grep -o 'JVM heap peak [0-9]* MB' "$work/df.$events.out" | grep -o '[0-9]*')
    ln "$day30" "$live/log_data/${day30#$data/log_data/}"
    (cd "$data/song_data" && while read -r f; do ln "$f" "$live/song_data/$f"; done <"$work/held-$events.list")
    # each run starts with the previous one's writes on disk (a daily run comes a day after the build), so that
    # none is timed while the kernel still writes back the last run's database file
    sync
    timed "$work/dd.$events" "$root/starling" run --project-dir "$project" --vars "$vars" --debug
    heap_daily=$(grep -o 'JVM heap peak [0-9]* MB' "$work/dd.$events.out" | grep -o '[0-9]*')
    echo "$heap_full / $heap_daily MB" >>"$work/dh.$events"
    sync
    timed "$work/dn.$events" "$root/starling" run --project-dir "$project" --vars "$vars"
    sync
    timed "$work/du.$events" "$root/starling" show --project-dir "$project" --inline "select 1 as one"
  done
  f=$(col 1 "$work/df.$events" | median); d=$(col 1 "$work/dd.$events" | median)
  n=$(col 1 "$work/dn.$events" | median); u=$(col 1 "$work/du.$events" | median)
  awk -v e="$events" -v k="$songs" -v f="$f" -v d="$d" -v n="$n" -v u="$u" -v h="$(tail -1 "$work/dh.$events")" '
    function commas(x,  t) { t = sprintf("%d", x); while (t ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", t); return t }
    BEGIN { printf "| %s | %s | %.2fs | %.2fs | %.2fs | %.2fs | %.3f | %.3f | %.3f | %s |\n", commas(e), commas(k), f, d, n, u,
            (d - u) / f, (n - u) / f, d / f, h }'
  echo "daily run at $events events, per node (last repetition):"
  grep -E ' OK | ERROR ' "$work/dd.$events.out" | sed -E 's/^[0-9:]+ +[0-9]+ of [0-9]+ +OK +/  /; s/ \.+ / /' | sort
done
fi
