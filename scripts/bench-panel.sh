#!/usr/bin/env bash
# Panel load benchmark: `autolumiku serve` (release) on PostgreSQL with a 1,000-car showroom and
# a signed-in admin, loaded by wrk on loopback. Measures, in one run: /healthz (the
# denominator), the dashboard home (today's figures, stock by status and age, the 30-day chart)
# and the car list (50 cars with their main photos) — each request reads the session and the
# member's standing, as every panel request does; and the time of one password login (argon2id).
#
#   scripts/bench-panel.sh            # needs PostgreSQL at 127.0.0.1:5432 (trust) and wrk
#   DURATION=30 CONNECTIONS=8 scripts/bench-panel.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-8090}
ADMIN=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=alk_bench_panel

# shellcheck source=scripts/bench-common.sh
source scripts/bench-common.sh
export PUBLIC_URL="http://127.0.0.1:$PORT"

key=$($BIN tenant create --slug bench-motor --name "Bench Motor" | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
link=$($BIN user create --tenant bench-motor --email admin@bench.id --role admin 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["setup_link"])')
$BIN serve >/tmp/bench-panel-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; psql "$ADMIN" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

echo "seeding 1,000 cars through the API, setting the admin's password, timing logins…"
cookie=$(python3 - "$PORT" "$key" "$link" <<'PY'
import json, random, re, statistics, sys, time, urllib.parse, urllib.request
port, key, link = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"
random.seed(7)
models = [("Toyota", "Avanza", "1.3 G"), ("Honda", "Brio", "RS"), ("Mitsubishi", "Xpander", "Ultimate"),
          ("Suzuki", "Ertiga", "GX"), ("Daihatsu", "Xenia", "R"), ("Toyota", "Fortuner", "VRZ")]
for i in range(1000):
    make, model, variant = random.choice(models)
    body = {"make": make, "model": model, "variant": variant, "year": random.randint(2012, 2024),
            "price": random.randint(60, 450) * 1_000_000, "status": random.choice(["available"] * 6 + ["booked", "sold"])}
    req = urllib.request.Request(f"{base}/api/v1/vehicles", data=json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener = urllib.request.build_opener(NoRedirect)
def call(req):
    try:
        return opener.open(req)
    except urllib.error.HTTPError as e:
        return e
page = call(urllib.request.Request(link))
pre = page.headers["Set-Cookie"].split(";")[0]
csrf = re.search(r'name="csrf" value="([^"]+)"', page.read().decode()).group(1)
secret = "kuat-sekali-2026-bench"
form = urllib.parse.urlencode({"csrf": csrf, "password": secret, "confirm": secret}).encode()
done = call(urllib.request.Request(link, data=form, headers={"Cookie": pre}))
assert done.status == 303, f"setting the password failed: {done.status}"
times = []
for _ in range(20):
    started = time.perf_counter()
    req = urllib.request.Request(f"{base}/api/v1/auth/login", data=json.dumps(
        {"email": "admin@bench.id", "password": secret}).encode(), headers={"Content-Type": "application/json"})
    resp = urllib.request.urlopen(req)
    times.append((time.perf_counter() - started) * 1000)
    cookie = resp.headers["Set-Cookie"].split(";")[0]
print(f"password login (argon2id, 20 in a row): median {statistics.median(times):.0f} ms, max {max(times):.0f} ms", file=sys.stderr)
print(cookie)
PY
)

run() { # name, then wrk arguments
  local name=$1; shift
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-24s %12s req/s   p99 %s\n' "$name" "$rps" "$p99"
}

url="http://127.0.0.1:$PORT"
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/dashboard")" = 200 || { echo "not signed in" >&2; exit 1; }
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo)"
run healthz "$url/healthz"
run dashboard-home -H "Cookie: $cookie" "$url/dashboard"
run dashboard-cars -H "Cookie: $cookie" "$url/dashboard/vehicles"
