#!/usr/bin/env bash
# Fuzzes the upload path (format sniffing, header checks, the libvips pipeline) with AFL++
# through SharpFuzz, for a bounded time. Not part of the test run. See docs/reliability.md.
#
#   fuzz/run.sh [seconds]        # default 600; findings are copied to fuzz/findings/
#
# Installs what is missing (Debian: afl++, libvips-tools; the SharpFuzz.CommandLine tool),
# builds the harness in Release, instruments ProfilePhotos.dll, seeds the corpus with small
# valid images of every accepted format (and the corpus of earlier runs), runs afl-fuzz, then:
#   - every crash and hang goes to fuzz/findings/ and is replayed through the harness;
#   - the inputs it kept (each reached code no other did) are minimised with afl-cmin into
#     fuzz/corpus/, the seeds of the next run.
# The test suite replays both directories: every file there must be refused with a 4xx or
# stored cleanly (FuzzCorpusTests through the pipeline, HostileImageTests through the API).
set -euo pipefail
seconds=${1:-600}
root=$(cd "$(dirname "$0")/.." && pwd)
# Not under /tmp: afl-cmin refuses to work there.
work="$root/fuzz/.work"
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

need=()
command -v afl-fuzz >/dev/null || need+=(afl++)
command -v vips >/dev/null || need+=(libvips-tools)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
tools="$root/fuzz/.tools"
if [ ! -x "$tools/sharpfuzz" ]; then dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null; fi

echo "building the harness..." >&2
dotnet publish "$root/fuzz/ProfilePhotos.Fuzz" -c Release -o "$work/plain" --nologo -v quiet >/dev/null
# Instrumented code only runs under afl-fuzz; replays use the plain build.
cp -r "$work/plain" "$work/bin"
# Coverage comes from managed code: ours (the sniffer, the header checks, the pipeline) and
# NetVips' bindings. libvips itself is native and not instrumented: its crashes still count.
"$tools/sharpfuzz" "$work/bin/ProfilePhotos.dll" ProfilePhotos.Imaging >/dev/null
"$tools/sharpfuzz" "$work/bin/NetVips.dll" >/dev/null

# Seeds: tiny valid images of each accepted format, so that mutations start past the magic numbers.
mkdir -p "$work/seeds"
vips gaussnoise "$work/n.v" 64 48 --sigma 40
vips cast "$work/n.v" "$work/u.v" uchar
vips copy "$work/u.v" "$work/seeds/seed.jpg[Q=40,strip]"
vips copy "$work/u.v" "$work/seeds/seed.png[compression=9]"
vips copy "$work/u.v" "$work/seeds/seed.gif"
vips copy "$work/u.v" "$work/seeds/seed.webp[Q=30,strip]"
for kept in "$root"/fuzz/corpus/* "$root"/fuzz/findings/*; do [ -f "$kept" ] && cp "$kept" "$work/seeds/"; done

echo "fuzzing for $seconds s..." >&2
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
# A generous per-input timeout: the runtime starts cold, and a 4 MB decode takes a while on its own.
afl-fuzz -i "$work/seeds" -o "$work/out" -t 5000 -m none -V "$seconds" -- dotnet "$work/bin/ProfilePhotos.Fuzz.dll" \
  > "$work/afl.log" 2>&1 || { tail -30 "$work/afl.log" >&2; exit 1; }

stats="$work/out/default/fuzzer_stats"
awk -F: '/^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)/ {gsub(/ /, ""); print $1 ": " $2}' "$stats"
mkdir -p "$root/fuzz/findings"
found=0
for kind in crashes hangs; do
  for file in "$work/out/default/$kind"/id:*; do
    [ -e "$file" ] || continue
    name="$kind-$(sha256sum "$file" | cut -c1-16)"
    cp "$file" "$root/fuzz/findings/$name"
    found=$((found + 1))
  done
done
echo "findings: $found"
if [ "$found" -gt 0 ]; then dotnet "$work/plain/ProfilePhotos.Fuzz.dll" --replay "$root/fuzz/findings" || true; fi

echo "minimising the corpus..." >&2
afl-cmin -i "$work/out/default/queue" -o "$work/cmin" -t 5000 -m none -- "$(command -v dotnet)" "$work/bin/ProfilePhotos.Fuzz.dll" > "$work/cmin.log" 2>&1 \
  || { tail -20 "$work/cmin.log" >&2; exit 1; }
rm -rf "$root/fuzz/corpus" && mkdir -p "$root/fuzz/corpus"
for file in "$work/cmin"/*; do cp "$file" "$root/fuzz/corpus/$(sha256sum "$file" | cut -c1-16)"; done
echo "corpus: $(ls "$root/fuzz/corpus" | wc -l) files in fuzz/corpus/; what the harness does with them:"
dotnet "$work/plain/ProfilePhotos.Fuzz.dll" --replay "$root/fuzz/corpus" 2>/dev/null | sed 's/^[^:]*: //; s/, [0-9]*x[0-9]*, .*//' | sort | uniq -c | sort -rn
