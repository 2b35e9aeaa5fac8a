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
trap 'kill "$service" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
dotnet publish "$root/src/ProfilePhotos" -c Release -o "$work/app" --nologo -v quiet >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tenant=11111111-1111-1111-1111-111111111111
client=22222222-2222-2222-2222-222222222222
(cd "$work" && exec dotnet app/ProfilePhotos.dll --urls "http://127.0.0.1:$port" \
  --Identity:Applications:0:TenantId=$tenant --Identity:Applications:0:ClientId=$client \
  --Identity:Applications:0:ClientSecret=soak-secret \
  --Identity:Applications:0:ApplicationPermissions:0=User.ReadWrite.All >"$work/service.log" 2>&1) &
service=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "$base/$tenant/oauth2/v2.0/token" -d grant_type=client_credentials -d client_id=$client \
  -d client_secret=soak-secret -d scope=https://graph.microsoft.com/.default | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

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

rss() { awk '/VmRSS/ {print $2}' "/proc/$service/status"; }
start_rss=$(rss)
end=$(( $(date +%s) + seconds ))
worker() {
  local n=$1 ok=0 err=0 user
  user=$(curl -sf -X POST "$base/v1.0/users" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"accountEnabled\":true,\"displayName\":\"Soak $n\",\"mailNickname\":\"s$n\",\"userPrincipalName\":\"soak$n-$RANDOM@contoso.com\",\"passwordProfile\":{\"password\":\"Corr3ct-Horse\"}}" \
    | sed 's/.*"id":"\([^"]*\)".*/\1/')
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    case $((i % 10)) in
      0) code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/v1.0/users/$user/photo" -H "Authorization: Bearer $token") ;;
      1|2) code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$base/v1.0/users/$user/photo/\$value" -H "Authorization: Bearer $token" \
             -H 'Content-Type: image/png' --data-binary "@$work/img$((i % 4)).png") ;;
      *) code=$(curl -s -o /dev/null -w '%{http_code}' "$base/v1.0/users/$user/photos/48x48/\$value" -H "Authorization: Bearer $token") ;;
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
