#!/usr/bin/env bash
# ProfilePhotos benchmarks, side by side with their physical references, in one run:
#   GET hot path vs nginx serving the same bytes; upload latency vs the pipeline alone
#   (BenchmarkDotNet); concurrent uploads and peak RSS; start-up time (hyperfine); GET p99
#   with 100 vs 100,000 users. See docs/benchmarks.md.
#
#   bench/run.sh            # prints the table and writes bench/results/latest.md
#
# Loopback only; it installs what is missing (Debian: nginx wrk hyperfine libvips-tools),
# starts and stops everything itself.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

need=()
for tool in nginx:nginx wrk:wrk hyperfine:hyperfine vips:libvips-tools curl:curl; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tenant=11111111-1111-1111-1111-111111111111
client=22222222-2222-2222-2222-222222222222
settings=(--Identity:Applications:0:TenantId=$tenant --Identity:Applications:0:ClientId=$client
  --Identity:Applications:0:ClientSecret=bench-secret --Identity:Applications:0:ApplicationPermissions:0=User.ReadWrite.All)

echo "building Release..." >&2
# ReadyToRun: precompiled code, as a deployment would ship it, so start-up does not wait for the JIT.
dotnet publish "$root/src/ProfilePhotos" -c Release -r "linux-$(dpkg --print-architecture | sed 's/amd64/x64/')" --self-contained false \
  -p:PublishReadyToRun=true -o "$work/app" --nologo -v quiet >/dev/null

start_service() { # data directory -> sets $service and $base
  local port; port=$(free_port)
  (cd "$1" && exec dotnet "$work/app/ProfilePhotos.dll" --urls "http://127.0.0.1:$port" "${settings[@]}" >"$1/service.log" 2>&1) &
  service=$!; pids+=("$service"); base="http://127.0.0.1:$port"
  for _ in $(seq 200); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.05; done
  echo "service did not start" >&2; cat "$1/service.log" >&2; exit 1
}
stop_service() { kill "$service"; wait "$service" 2>/dev/null || true; }
token() { curl -sf -X POST "$base/$tenant/oauth2/v2.0/token" -d grant_type=client_credentials -d client_id=$client \
  -d client_secret=bench-secret -d scope=https://graph.microsoft.com/.default | sed 's/.*"access_token":"\([^"]*\)".*/\1/'; }
new_user() {
  curl -sf -X POST "$base/v1.0/users" -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d "{\"accountEnabled\":true,\"displayName\":\"Bench\",\"mailNickname\":\"b\",\"userPrincipalName\":\"b$RANDOM$RANDOM@contoso.com\",\"passwordProfile\":{\"password\":\"Corr3ct-Horse\"}}" \
    | sed 's/.*"id":"\([^"]*\)".*/\1/'
}
put() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT "$base/v1.0/users/$1/photo/\$value" \
  -H "Authorization: Bearer $tok" -H 'Content-Type: image/jpeg' --data-binary "@$2"; }
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
ms() { python3 -c "import sys; v=sys.argv[1]; print(float(v[:-2]) if v.endswith('ms') else float(v[:-2])/1000 if v.endswith('us') else float(v[:-1])*1000)" "$1"; }

# The upload: about 4 MB, 15 megapixels.
for band in r g b; do vips gaussnoise "$work/$band.v" 4480 3360 --sigma 14 --mean 128; done
vips bandjoin "$work/r.v $work/g.v $work/b.v" "$work/rgb.v"
vips cast "$work/rgb.v" "$work/u.v" uchar
for q in 90 88 86 84 82 80 78 76 74 72 70; do # the highest quality that stays under 4 MiB
  vips copy "$work/u.v" "$work/big.jpg[Q=$q]"
  [ "$(stat -c %s "$work/big.jpg")" -lt 4100000 ] && break
done
upload_bytes=$(stat -c %s "$work/big.jpg")

mkdir -p "$work/data" # the service's working directory; its store is ./data inside it
start_service "$work/data"
tok=$(token)

# 1. GET hot path vs nginx with the very same bytes.
user=$(new_user)
[ "$(put "$user" "$work/big.jpg" | cut -d' ' -f1)" = 200 ] || { echo "the upload was refused" >&2; exit 1; }
mkdir -p "$work/www"
curl -sf "$base/v1.0/users/$user/photos/240x240/\$value" -H "Authorization: Bearer $tok" -o "$work/www/photo.jpg"
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes 2; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nginx_port; root $work/www; location / { add_header Cache-Control private; } } }
CONF
nginx -c "$work/nginx.conf" -p "$work" & pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/photo.jpg" -o /dev/null && break; sleep 0.05; done
wrk -t2 -c64 -d3s -H "Authorization: Bearer $tok" "$base/v1.0/users/$user/photos/240x240/\$value" >/dev/null # warm-up
ours_rps=$(wrk -t2 -c64 -d10s -H "Authorization: Bearer $tok" "$base/v1.0/users/$user/photos/240x240/\$value" | rps)
nginx_rps=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$nginx_port/photo.jpg" | rps)

# 2. Upload: 20 sequential PUTs, against the pipeline alone.
for _ in $(seq 20); do put "$user" "$work/big.jpg"; done > "$work/uploads.txt"
read -r up50 up95 < <(python3 -c "
import statistics, sys
t = sorted(float(l.split()[1]) * 1000 for l in open(sys.argv[1]) if l.startswith('200'))
assert len(t) == 20, f'{len(t)} of 20 uploads succeeded'
print(f'{statistics.median(t):.0f} {t[int(len(t) * 0.95) - 1]:.0f}')" "$work/uploads.txt")
echo "pipeline floor (BenchmarkDotNet)..." >&2
PROFILEPHOTOS_BENCH_IMAGE="$work/big.jpg" dotnet run -c Release --project "$root/bench/ProfilePhotos.Benchmarks" -- \
  --filter '*' --exporters json --artifacts "$work/bdn" >"$work/bdn.log" 2>&1
floor=$(python3 -c "
import glob, json
r = json.load(open(glob.glob('$work/bdn/results/*-report-full-compressed.json')[0]))
print(f\"{r['Benchmarks'][0]['Statistics']['Median'] / 1e6:.0f}\")")

# 3. Concurrent uploads: 8 clients, 5 uploads each; throughput and the service's peak RSS.
users=(); for _ in $(seq 8); do users+=("$(new_user)"); done
peak=0
started=$(date +%s.%N)
uploaders=()
for u in "${users[@]}"; do (for _ in $(seq 5); do put "$u" "$work/big.jpg"; done > "$work/c-$u.txt") & uploaders+=($!); done
any_alive() { for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
while any_alive "${uploaders[@]}"; do
  r=$(awk '/VmRSS/ {print $2}' "/proc/$service/status")
  if [ "$r" -gt "$peak" ]; then peak=$r; fi
  sleep 0.05
done
wait "${uploaders[@]}" || true
elapsed=$(python3 -c "import time; print(time.time() - $started)")
ok=$(cat "$work"/c-*.txt | grep -c '^200' || true)
concurrent_tput=$(python3 -c "print(f'{$ok / $elapsed:.1f}')")
peak_mb=$((peak / 1024))
stop_service

# 4. Start-up: process start to /healthz 200 on an existing store.
cat > "$work/startup-once.sh" <<ONCE
#!/usr/bin/env bash
port=\$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$work/data" && dotnet "$work/app/ProfilePhotos.dll" --urls "http://127.0.0.1:\$port" ${settings[*]} >/dev/null 2>&1 &
pid=\$!
until curl -sf "http://127.0.0.1:\$port/healthz" >/dev/null; do sleep 0.01; done
kill \$pid; wait \$pid 2>/dev/null || true
ONCE
chmod +x "$work/startup-once.sh"
hyperfine --warmup 2 --runs 10 --export-json "$work/startup.json" "$work/startup-once.sh" >/dev/null 2>&1
startup=$(python3 -c "import json; print(f\"{json.load(open('$work/startup.json'))['results'][0]['median'] * 1000:.0f}\")")

# 5. Scale: p99 of random GETs with 100 users with photos, then 100,000 (seeded through the store).
seed() { python3 - "$work/data/data/profilephotos.db" "$1" "$user" > "$work/ids.txt" <<'PY'
import sqlite3, sys, uuid, datetime
db = sqlite3.connect(sys.argv[1]); count = int(sys.argv[2]); template = sys.argv[3]
renditions = db.execute("SELECT size, blob, length FROM photo_renditions WHERE owner_id = ?", (template,)).fetchall()
photo = db.execute("SELECT tenant_id, etag, width, height FROM photos WHERE owner_id = ?", (template,)).fetchone()
have = db.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
with db:
    for i in range(have, count):
        uid = str(uuid.uuid4())
        db.execute("INSERT INTO users (id, tenant_id, user_principal_name, upn_key, display_name, account_enabled, created_at) VALUES (?,?,?,?,?,1,?)",
                   (uid, photo[0], f"seed{i}@contoso.com", f"SEED{i}@CONTOSO.COM", "Seed", now))
        db.execute("INSERT INTO photos VALUES (?,?,?,?,?,?,?)", (uid, photo[0], "User", photo[1], photo[2], photo[3], now))
        db.executemany("INSERT INTO photo_renditions VALUES (?,?,?,?)", [(uid, s, b, l) for s, b, l in renditions])
for (uid,) in db.execute("SELECT owner_id FROM photos ORDER BY random() LIMIT 100000"):
    print(uid)
PY
}
cat > "$work/pick.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/v1.0/users/" .. ids[math.random(#ids)] .. "/photos/48x48/$value")
end
LUA
scale_p99() {
  seed "$1"
  start_service "$work/data"; tok=$(token)
  IDS="$work/ids.txt" wrk -t2 -c64 -d3s -s "$work/pick.lua" -H "Authorization: Bearer $tok" "$base" >/dev/null
  IDS="$work/ids.txt" wrk -t2 -c64 -d10s --latency -s "$work/pick.lua" -H "Authorization: Bearer $tok" "$base" | p99
  stop_service
}
p99_small=$(ms "$(scale_p99 100)")
echo "seeding 100,000 users..." >&2
p99_large=$(ms "$(scale_p99 100000)")

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
mkdir -p "$root/bench/results"
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); upload $((upload_bytes / 1024)) KiB, 4480x3360."
  echo
  echo "| measure | ProfilePhotos | reference | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| GET 240x240 \$value, wrk -t2 -c64 -d10s | $ours_rps req/s | nginx static file: $nginx_rps req/s | $(ratio "$ours_rps" "$nginx_rps") | >= 0.6 |"
  echo "| PUT of the 15 MP JPEG, 20 sequential, p50 | $up50 ms (p95 $up95 ms) | pipeline alone (BenchmarkDotNet median): $floor ms | $(ratio "$up50" "$floor") | <= 1.3 |"
  echo "| 8 concurrent uploaders, 40 uploads | $concurrent_tput uploads/s, peak RSS $peak_mb MB | | | RSS <= 512 MB |"
  echo "| start-up to /healthz 200 (hyperfine median, 10 runs) | $startup ms | | | <= 1500 ms |"
  echo "| GET p99, 100,000 vs 100 users with photos | $p99_large ms | $p99_small ms | $(ratio "$p99_large" "$p99_small") | <= 1.5 |"
} | tee "$root/bench/results/latest.md"
