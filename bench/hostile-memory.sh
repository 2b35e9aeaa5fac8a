#!/usr/bin/env bash
# The service's memory under hostile uploads: decompression bombs, huge declared sizes, random
# bytes behind magic numbers and the largest valid photo, each sent by several clients at once
# for a while. Reports, per kind, the answers and the peak RSS over the idle baseline.
#
#   bench/hostile-memory.sh [seconds per kind=15] [clients=8]
#
# Loopback only, bounded in time; see docs/reliability.md for the figures.
set -euo pipefail
seconds=${1:-15}
clients=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT

install_missing curl:curl vips:libvips-tools
publish_service

# The hostile files, made here (python3 for the hand-built ones, libvips for the valid photo).
python3 - "$work" <<'PY'
import os, random, struct, sys, zlib
out = sys.argv[1]
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(w, h, idat): return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
def bomb(side):
    z = zlib.compressobj(9); row = b"\x00" * (1 + 3 * side)
    return png(side, side, b"".join(z.compress(row) for _ in range(side)) + z.flush())
files = {
    # Under the 50-megapixel limit: decoded, all zeros, a few hundred KB on the wire.
    "png-bomb-7000x7000.png": bomb(7000),
    # Over the limit: refused from the header.
    "png-bomb-20000x20000.png": bomb(20000),
    "png-declaring-100000x100000.png": png(100000, 100000, zlib.compress(b"\x00" * 64)),
    "jpeg-declaring-65000x65000.jpg": bytes([0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8]) + struct.pack(">HH", 65000, 65000) + bytes([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]),
    "gif-declaring-65535x65535.gif": b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00" + b"\x2c" + struct.pack("<HHHH", 0, 0, 65535, 65535) + b"\x00\x02\x02\x44\x01\x00\x3b",
}
random.seed(7)
for name, magic in [("jpeg", b"\xff\xd8\xff"), ("png", b"\x89PNG\r\n\x1a\n"), ("webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ")]:
    files[f"random-behind-{name}-magic.bin"] = magic + bytes(random.getrandbits(8) for _ in range(1_000_000))
for name, data in files.items():
    open(os.path.join(out, name), "wb").write(data)
PY
for band in r g b; do vips gaussnoise "$work/$band.v" 4480 3360 --sigma 14 --mean 128; done
vips bandjoin "$work/r.v $work/g.v $work/b.v" "$work/rgb.v"
vips cast "$work/rgb.v" "$work/u.v" uchar
vips copy "$work/u.v" "$work/valid-15-megapixels.jpg[Q=75]"

mkdir -p "$work/data"
start_service "$work/data"
tok=$(token)
users=(); for _ in $(seq "$clients"); do users+=("$(new_user)"); done
sleep 1
baseline=$(rss_kb)
printf '%-34s %8s %-22s %s\n' "upload" "requests" "answers" "peak RSS"
overall=$baseline
for file in "$work"/*.png "$work"/*.jpg "$work"/*.gif "$work"/*.bin; do
  name=$(basename "$file")
  end=$(( $(date +%s) + seconds ))
  senders=()
  for u in "${users[@]}"; do
    (while [ "$(date +%s)" -lt "$end" ]; do put "$u" "$file" image/png | cut -d' ' -f1; done > "$work/answers-$u") & senders+=($!)
  done
  peak=0
  while [ "$(date +%s)" -lt "$end" ]; do r=$(rss_kb); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done
  wait "${senders[@]}"
  answers=$(cat "$work"/answers-* | sort | uniq -c | awk '{printf "%s%sx%s", sep, $1, $2; sep=" "}')
  printf '%-34s %8s %-22s %s MB\n' "$name" "$(cat "$work"/answers-* | wc -l)" "$answers" "$((peak / 1024))"
  [ "$peak" -gt "$overall" ] && overall=$peak
  if cat "$work"/answers-* | grep -q '^5'; then echo "a server error answered $name" >&2; exit 1; fi
done
echo "$(nproc) cores, $clients clients, ${seconds}s per kind: idle RSS $((baseline / 1024)) MB, peak $((overall / 1024)) MB, after $(( $(rss_kb) / 1024 )) MB"
curl -sf "$base/healthz" >/dev/null && echo "the service is still healthy"
