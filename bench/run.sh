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
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT

install_missing nginx:nginx wrk:wrk hyperfine:hyperfine vips:libvips-tools curl:curl
publish_service
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
# Where the photo GET stands against what any request pays here: the same token on a path no
# endpoint serves (Kestrel, our middleware, bearer validation, the 404 envelope; no photo code),
# and ASP.NET Core alone (bench/KestrelFloor: Kestrel and one endpoint with the bytes in memory).
floor_rps=$(wrk -t2 -c64 -d10s -H "Authorization: Bearer $tok" "$base/v1.0/no-such-resource" | rps)
dotnet publish "$root/bench/KestrelFloor" -c Release -r "linux-$(dpkg --print-architecture | sed 's/amd64/x64/')" --self-contained false \
  -p:PublishReadyToRun=true -o "$work/kestrel" --nologo -v quiet >/dev/null
kestrel_port=$(free_port)
dotnet "$work/kestrel/KestrelFloor.dll" "$work/www/photo.jpg" --urls "http://127.0.0.1:$kestrel_port" >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$kestrel_port/photo.jpg" -o /dev/null && break; sleep 0.05; done
wrk -t2 -c64 -d3s "http://127.0.0.1:$kestrel_port/photo.jpg" >/dev/null # warm-up
kestrel_rps=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$kestrel_port/photo.jpg" | rps)
kill "${pids[-1]}"

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
# exec in a subshell: \$! is then the service itself, and kill stops it (not just a shell around it).
(cd "$work/data" && exec dotnet "$work/app/ProfilePhotos.dll" --urls "http://127.0.0.1:\$port" ${settings[*]} >/dev/null 2>&1) &
pid=\$!
until curl -sf "http://127.0.0.1:\$port/healthz" >/dev/null; do sleep 0.01; done
kill \$pid; wait \$pid 2>/dev/null || true
ONCE
chmod +x "$work/startup-once.sh"
hyperfine --warmup 2 --runs 10 --export-json "$work/startup.json" "$work/startup-once.sh" >/dev/null 2>&1
startup=$(python3 -c "import json; print(f\"{json.load(open('$work/startup.json'))['results'][0]['median'] * 1000:.0f}\")")

# 5. Scale: p99 of random GETs with 100 users with photos, then 100,000 (seeded through the store).
seed() { python3 - "$work/data/data/profilephotos.db" "$1" "$user" > "$work/ids.txt" <<'PY'
import hashlib, os, sqlite3, sys, uuid, datetime
db = sqlite3.connect(sys.argv[1]); count = int(sys.argv[2]); template = sys.argv[3]
blobs = os.path.join(os.path.dirname(sys.argv[1]), "blobs")
renditions = db.execute("SELECT size, blob, length FROM photo_renditions WHERE owner_id = ?", (template,)).fetchall()
small = next(b for s, b, l in renditions if s == 48)
small_bytes = open(os.path.join(blobs, small[:2], small + ".jpg"), "rb").read()
photo = db.execute("SELECT tenant_id, etag, width, height FROM photos WHERE owner_id = ?", (template,)).fetchone()
have = db.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
with db:
    for i in range(have, count):
        uid = str(uuid.uuid4())
        db.execute("INSERT INTO users (id, tenant_id, user_principal_name, upn_key, display_name, account_enabled, created_at) VALUES (?,?,?,?,?,1,?)",
                   (uid, photo[0], f"seed{i}@contoso.com", f"SEED{i}@CONTOSO.COM", "Seed", now))
        db.execute("INSERT INTO photos VALUES (?,?,?,?,?,?,?)", (uid, photo[0], "User", photo[1], photo[2], photo[3], now))
        # Each owner's 48x48 (the size the GETs ask for) in a blob of its own, as uploads would
        # make them, so that those reads are not all served by one cached rendition.
        own = hashlib.sha256(uid.encode()).hexdigest()
        os.makedirs(os.path.join(blobs, own[:2]), exist_ok=True)
        open(os.path.join(blobs, own[:2], own + ".jpg"), "wb").write(small_bytes)
        db.executemany("INSERT INTO photo_renditions VALUES (?,?,?,?)", [(uid, s, own if s == 48 else b, l) for s, b, l in renditions])
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
cat > "$work/every.lua" <<'LUA'
-- Every id once, in order, shared between the threads: warms the caches as real use would.
function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("first", thread_count)
end
function init(args)
  ids = {}
  for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
  step = tonumber(os.getenv("THREADS"))
  next_index = first
end
function request()
  local id = ids[next_index] or ids[1]
  next_index = next_index + step
  return wrk.format("GET", "/v1.0/users/" .. id .. "/photos/48x48/$value")
end
function response()
  if next_index > #ids + step then wrk.thread:stop() end
end
LUA
scale_p99() { # users, extra settings... -> p99; the RSS once warm goes to $work/rss-<users>
  local count=$1; shift
  seed "$count"
  start_service "$work/data" "$@"; tok=$(token)
  IDS="$work/ids.txt" THREADS=2 wrk -t2 -c64 -d"$(( count / 4000 + 3 ))s" -s "$work/every.lua" -H "Authorization: Bearer $tok" "$base" >/dev/null
  # and the same random load first, so that both sizes are measured with the code as warm
  IDS="$work/ids.txt" wrk -t2 -c64 -d5s -s "$work/pick.lua" -H "Authorization: Bearer $tok" "$base" >/dev/null
  IDS="$work/ids.txt" wrk -t2 -c64 -d10s --latency -s "$work/pick.lua" -H "Authorization: Bearer $tok" "$base" | p99
  echo $(( $(rss_kb) / 1024 )) > "$work/rss-$count"
  stop_service
}
# The record cache sized to hold every owner of the large set (two records each: user and photo),
# as an operator would size it; then with the cache off, which shows the database's own scaling.
p99_small=$(ms "$(scale_p99 100 --Storage:CachedRecords=200000)")
p99_small_uncached=$(ms "$(scale_p99 100 --Storage:CachedRecords=0)")
echo "seeding 100,000 users..." >&2
p99_large=$(ms "$(scale_p99 100000 --Storage:CachedRecords=200000)")
rss_large=$(cat "$work/rss-100000")
p99_large_uncached=$(ms "$(scale_p99 100000 --Storage:CachedRecords=0)")

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
mkdir -p "$root/bench/results"
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); upload $((upload_bytes / 1024)) KiB, 4480x3360."
  echo
  echo "| measure | ProfilePhotos | reference | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| GET 240x240 \$value, wrk -t2 -c64 -d10s | $ours_rps req/s | nginx static file: $nginx_rps req/s | $(ratio "$ours_rps" "$nginx_rps") | >= 0.6 |"
  echo "| (reference) an authenticated request to no endpoint, same wrk | $floor_rps req/s | nginx: $nginx_rps req/s | $(ratio "$floor_rps" "$nginx_rps") | |"
  echo "| (reference) bare ASP.NET Core, the same bytes from memory, same wrk | $kestrel_rps req/s | nginx: $nginx_rps req/s | $(ratio "$kestrel_rps" "$nginx_rps") | |"
  echo "| PUT of the 15 MP JPEG, 20 sequential, p50 | $up50 ms (p95 $up95 ms) | pipeline alone (BenchmarkDotNet median): $floor ms | $(ratio "$up50" "$floor") | <= 1.3 |"
  echo "| 8 concurrent uploaders, 40 uploads | $concurrent_tput uploads/s, peak RSS $peak_mb MB | | | RSS <= 512 MB |"
  echo "| start-up to /healthz 200 (hyperfine median, 10 runs) | $startup ms | | | <= 1500 ms |"
  echo "| GET p99, 100,000 vs 100 users with photos, records cached (RSS $rss_large MB) | $p99_large ms | $p99_small ms | $(ratio "$p99_large" "$p99_small") | <= 1.5 |"
  echo "| the same, record cache off | $p99_large_uncached ms | $p99_small_uncached ms | $(ratio "$p99_large_uncached" "$p99_small_uncached") | |"
} | tee "$root/bench/results/latest.md"
