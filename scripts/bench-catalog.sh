#!/usr/bin/env bash
# Catalog load benchmark: `autolumiku serve` (release) on PostgreSQL with a 1,000-car showroom,
# loaded by wrk on loopback. Measures, in one run: /healthz (the denominator), the car list
# served from the page cache, and the car list rendered afresh on every request (a unique
# filter each time, so every request queries PostgreSQL and renders).
#
#   scripts/bench-catalog.sh            # needs PostgreSQL at 127.0.0.1:5432 (trust) and wrk
#   DURATION=30 CONNECTIONS=32 scripts/bench-catalog.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-8089}
ADMIN=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=alk_bench_catalog
HOST="bench-motor.bench.test"

# shellcheck source=scripts/bench-common.sh
source scripts/bench-common.sh
export PLATFORM_DOMAIN=bench.test

key=$($BIN tenant create --slug bench-motor --name "Bench Motor" | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
$BIN serve >/tmp/bench-catalog-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; psql "$ADMIN" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

echo "seeding 1,000 cars through the API…"
python3 - "$PORT" "$key" <<'PY'
import json, random, sys, urllib.request
port, key = sys.argv[1], sys.argv[2]
random.seed(7)
models = [("Toyota", "Avanza", "1.3 G"), ("Toyota", "Innova", "2.4 V"), ("Honda", "Brio", "RS"),
          ("Honda", "HR-V", "E"), ("Mitsubishi", "Xpander", "Ultimate"), ("Suzuki", "Ertiga", "GX"),
          ("Daihatsu", "Xenia", "R"), ("Toyota", "Fortuner", "VRZ"), ("Hyundai", "Creta", "Prime")]
colors = ["hitam", "putih", "silver", "abu-abu", "merah", "biru"]
for i in range(1000):
    make, model, variant = random.choice(models)
    body = {"make": make, "model": model, "variant": variant, "year": random.randint(2012, 2024),
            "price": random.randint(60, 450) * 1_000_000, "mileage_km": random.randint(5, 180) * 1000,
            "transmission": random.choice(["manual", "automatic"]), "fuel": random.choice(["bensin", "diesel"]),
            "color": random.choice(colors), "description": "Unit terawat, pajak hidup, siap pakai."}
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/vehicles", data=json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY

lua=$(mktemp --suffix .lua)
cat >"$lua" <<LUA
-- A different filter on every request: nothing is served from the page cache.
counter = 0
request = function()
  counter = counter + 1
  local path = "/mobil?harga_min=" .. (60000000 + counter) .. "&urut=harga-termurah"
  return wrk.format("GET", path, { ["Host"] = "$HOST", ["Accept-Encoding"] = "gzip" })
end
LUA

run() { # name, then wrk arguments
  local name=$1; shift
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-34s %12s req/s   p99 %s\n' "$name" "$rps" "$p99"
  echo "$rps" >"/tmp/bench-catalog-$name"
}

url="http://127.0.0.1:$PORT"
curl -fs -H "Host: $HOST" "$url/mobil" >/dev/null   # warm the cache
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo)"
run healthz "$url/healthz"
run list-cached -H "Host: $HOST" -H "Accept-Encoding: gzip" "$url/mobil"
run list-uncached -s "$lua" "$url/mobil"
python3 - <<'PY'
h = float(open("/tmp/bench-catalog-healthz").read())
c = float(open("/tmp/bench-catalog-list-cached").read())
print(f"cached list / healthz = {c / h:.2f} (target >= 0.40)")
PY
