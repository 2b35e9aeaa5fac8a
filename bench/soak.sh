#!/usr/bin/env bash
# Soak: mixed load (uploads, reads, deletes) against a Release build of the service on the
# embedded store, for a set time, reporting errors, throughput and memory growth.
#
#   bench/soak.sh [seconds=120] [clients=8]
#
# Loopback only, bounded in time; it stops the service and cleans up by itself.
set -euo pipefail
seconds=${1:-120}
clients=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT

install_missing curl:curl
publish_service
start_service "$work"
tok=$(token)

# Four PNG test images of different sizes, written by python3 with no extra tools.
python3 - "$work" <<'PY'
import struct, sys, zlib
def png(w, h, seed):
    rows = b"".join(b"\x00" + bytes(((x * 7 + y * 3 + seed) % 256) for x in range(w * 3)) for y in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
for i, (w, h) in enumerate([(120, 130), (300, 320), (700, 650), (1200, 900)]):
    open(f"{sys.argv[1]}/img{i}.png", "wb").write(png(w, h, i))
PY

rss() { rss_kb; }
start_rss=$(rss)
end=$(( $(date +%s) + seconds ))
worker() {
  local n=$1 ok=0 err=0 user
  user=$(new_user)
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    case $((i % 10)) in
      0) code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/v1.0/users/$user/photo" -H "Authorization: Bearer $tok") ;;
      1|2) code=$(put "$user" "$work/img$((i % 4)).png" image/png | cut -d' ' -f1) ;;
      *) code=$(curl -s -o /dev/null -w '%{http_code}' "$base/v1.0/users/$user/photos/48x48/\$value" -H "Authorization: Bearer $tok") ;;
    esac
    if [[ "$code" =~ ^(200|204|404)$ ]]; then ok=$((ok + 1)); else err=$((err + 1)); echo "worker $n: $code" >&2; fi
  done
  echo "$ok $err" > "$work/worker$n"
}
peak=$start_rss
for n in $(seq "$clients"); do worker "$n" & done
while [ "$(date +%s)" -lt "$end" ]; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 1; done
wait $(jobs -p | grep -v "^$service$") 2>/dev/null || true
ok=0; err=0
for f in "$work"/worker*; do read -r a b < "$f"; ok=$((ok + a)); err=$((err + b)); done
end_rss=$(rss)
echo "soak: ${seconds}s, $clients clients, $(nproc) cores"
echo "requests: $((ok + err)) ($(( (ok + err) / seconds ))/s), errors: $err"
echo "memory (RSS): start $((start_rss / 1024)) MB, peak $((peak / 1024)) MB, end $((end_rss / 1024)) MB"
[ "$err" -eq 0 ]
