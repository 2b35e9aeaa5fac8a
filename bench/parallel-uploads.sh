#!/usr/bin/env bash
# Uploads to different owners on one node: does one wait for another's blob writes?
# Runs the same rounds against a reference build (REF, default 361cb06: the last commit whose
# uploads took one process-wide lock around their blob writes) and the working tree, side by side.
#
#   bench/parallel-uploads.sh                  # 8 concurrent uploads, 10 rounds, blobs as files
#   CLIENTS=5 ROUNDS=20 bench/parallel-uploads.sh
#   BLOBS=azurite bench/parallel-uploads.sh    # blobs in Azurite (npm), a store with round trips
#
# Prints, per build: one upload alone, and under CLIENTS concurrent uploads to different owners
# the first, median and last 200 (milliseconds, medians over the rounds).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
ref=${REF:-361cb06} clients=${CLIENTS:-8} rounds=${ROUNDS:-10} blobs=${BLOBS:-files}
trap 'stop_all; git -C "$root" worktree remove --force "$work/ref-src" 2>/dev/null || true; rm -rf "$work"' EXIT
install_missing vips:libvips-tools curl:curl

extra=()
if [ "$blobs" = azurite ]; then
  azurite="$HOME/.cache/profilephotos-tests/azurite-3.37.0"
  [ -f "$azurite/node_modules/azurite/dist/src/blob/main.js" ] || npm install --prefix "$azurite" azurite@3.37.0 --no-audit --no-fund --silent
  port=$(free_port)
  node "$azurite/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$port" --inMemoryPersistence --skipApiVersionCheck --silent & pids+=($!)
  sleep 2
  key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
  extra=(--Storage:Blobs=AzureBlob "--ConnectionStrings:AzureBlob=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;")
fi

# A 1-megapixel photo: enough pixels to be real, few enough that the blob writes are visible.
vips gaussnoise "$work/n.v" 1000 1000 --sigma 30 --mean 128
vips colourspace "$work/n.v" "$work/c.v" srgb
vips copy "$work/c.v" "$work/photo.jpg[Q=90]"

publish_tree() { # source tree, output directory
  dotnet publish "$1/src/ProfilePhotos" -c Release --self-contained false -o "$2" --nologo -v quiet >/dev/null
}
echo "building $ref and the working tree (Release)..." >&2
git -C "$root" worktree add --detach "$work/ref-src" "$ref" >/dev/null 2>&1
publish_tree "$work/ref-src" "$work/ref-app"
publish_tree "$root" "$work/app"

measure() { # label, app directory
  local app=$2 dir="$work/run-$1" users=() round=() u r
  mkdir -p "$dir"
  local port; port=$(free_port)
  (cd "$dir" && exec dotnet "$app/ProfilePhotos.dll" --urls "http://127.0.0.1:$port" "${settings[@]}" "${extra[@]}" \
    --Storage:BlobContainer="bench-$1-$RANDOM" >"$dir/service.log" 2>&1) & service=$!; pids+=("$service")
  base="http://127.0.0.1:$port"
  for _ in $(seq 200); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.05; done
  tok=$(token)
  for _ in $(seq "$clients"); do users+=("$(new_user)"); done
  for _ in $(seq 3); do put "${users[0]}" "$work/photo.jpg" >/dev/null; done # warm-up
  for _ in $(seq "$rounds"); do put "${users[0]}" "$work/photo.jpg"; done > "$dir/alone.txt"
  for r in $(seq "$rounds"); do
    round=()
    for u in "${users[@]}"; do put "$u" "$work/photo.jpg" > "$dir/round-$r-$u.txt" & round+=($!); done
    wait "${round[@]}"
  done
  stop_service
  python3 - "$1" "$dir" "$clients" "$rounds" <<'PY'
import glob, statistics, sys
label, d, clients, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def ms(path): return [float(l.split()[1]) * 1000 for l in open(path) if l.startswith("200")]
alone = ms(f"{d}/alone.txt")
first, median, last, ok = [], [], [], 0
for r in range(1, rounds + 1):
    times = sorted(t for f in glob.glob(f"{d}/round-{r}-*.txt") for t in ms(f))
    ok += len(times)
    if times:
        first.append(times[0]); median.append(statistics.median(times)); last.append(times[-1])
assert ok == clients * rounds, f"{label}: {ok} of {clients * rounds} uploads answered 200"
print(f"{label}\t{statistics.median(alone):.0f}\t{statistics.median(first):.0f}\t{statistics.median(median):.0f}\t{statistics.median(last):.0f}")
PY
}

{
  printf 'build\talone\tfirst\tmedian\tlast\n'
  measure reference "$work/ref-app"
  measure current "$work/app"
} > "$work/table.tsv"
echo "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); blobs: $blobs; $clients concurrent uploads to different owners, $rounds rounds; ms"
column -t -s $'\t' "$work/table.tsv"
python3 - "$work/table.tsv" <<'PY'
import sys
rows = {l.split()[0]: list(map(float, l.split()[1:])) for l in open(sys.argv[1]).readlines()[1:]}
r, c = rows["reference"], rows["current"]
print(f"first 200 under load, current / reference: {c[1] / r[1]:.2f}; median: {c[2] / r[2]:.2f}; last: {c[3] / r[3]:.2f}")
PY
