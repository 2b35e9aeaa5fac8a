# Shared by the bench scripts: a published service on loopback with one application, its token,
# users and uploads. Source it after setting $work (a scratch directory) and $root (the repository).
# shellcheck shell=bash

tenant=11111111-1111-1111-1111-111111111111
client=22222222-2222-2222-2222-222222222222
settings=(--Identity:Applications:0:TenantId=$tenant --Identity:Applications:0:ClientId=$client
  --Identity:Applications:0:ClientSecret=bench-secret --Identity:Applications:0:ApplicationPermissions:0=User.ReadWrite.All)
pids=()

install_missing() { # command:package ...
  local need=() tool
  for tool in "$@"; do command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}"); done
  if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

publish_service() { # Release, ReadyToRun, as a deployment would ship it, into $work/app
  echo "building Release..." >&2
  dotnet publish "$root/src/ProfilePhotos" -c Release -r "linux-$(dpkg --print-architecture | sed 's/amd64/x64/')" --self-contained false \
    -p:PublishReadyToRun=true -o "$work/app" --nologo -v quiet >/dev/null
}

start_service() { # working directory (the store is ./data inside it), extra settings... -> $service, $base
  local dir=$1 port; shift; port=$(free_port)
  (cd "$dir" && exec dotnet "$work/app/ProfilePhotos.dll" --urls "http://127.0.0.1:$port" "${settings[@]}" "$@" >"$dir/service.log" 2>&1) &
  service=$!; pids+=("$service"); base="http://127.0.0.1:$port"
  for _ in $(seq 200); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.05; done
  echo "service did not start" >&2; cat "$dir/service.log" >&2; exit 1
}
stop_service() { kill "$service"; wait "$service" 2>/dev/null || true; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$service/status"; }

token() { curl -sf -X POST "$base/$tenant/oauth2/v2.0/token" -d grant_type=client_credentials -d client_id=$client \
  -d client_secret=bench-secret -d scope=https://graph.microsoft.com/.default | sed 's/.*"access_token":"\([^"]*\)".*/\1/'; }
new_user() { # uses $tok
  curl -sf -X POST "$base/v1.0/users" -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d "{\"accountEnabled\":true,\"displayName\":\"Bench\",\"mailNickname\":\"b\",\"userPrincipalName\":\"b$RANDOM$RANDOM@contoso.com\",\"passwordProfile\":{\"password\":\"Corr3ct-Horse\"}}" \
    | sed 's/.*"id":"\([^"]*\)".*/\1/'
}
put() { # user, file [content type] -> "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT "$base/v1.0/users/$1/photo/\$value" \
    -H "Authorization: Bearer $tok" -H "Content-Type: ${3:-image/jpeg}" --data-binary "@$2"
}
stop_all() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
