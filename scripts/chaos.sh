#!/usr/bin/env bash
# Fault suite for the message pipeline: customers write on WhatsApp while things break, and we
# check that every customer still gets their replies, exactly once. The release `serve` runs
# against a fake Graph API (scripts/chaos.py fake-graph) on loopback; the database is the record
# of what the bot decided to send, the fake's log the record of what customers received. Like
# Meta, the fake reports every message it accepts back to the webhook ("sent", with the send's
# biz_opaque_callback_data), and re-delivers a report the service does not take.
#
#   scripts/chaos.sh            # every scenario (about 10–15 minutes)
#   scripts/chaos.sh sqlite     # 1 (kill -9 mid-burst) and 5 (S3 unreachable), no PostgreSQL needed
#   scripts/chaos.sh postgres   # 2 (two replicas, slow provider), 3 (PostgreSQL restart), 4 (Redis down)
#   scripts/chaos.sh 3          # one scenario by number
#
# Needs python3 and curl; the PostgreSQL scenarios need PostgreSQL at 127.0.0.1:5432 (ADMIN_URL, a
# superuser, default postgres://postgres@127.0.0.1:5432/postgres), pg_ctlcluster (scenario 3
# restarts the cluster) and redis-server / redis-cli (scenario 4 runs its own Redis on port
# CHAOS_REDIS_PORT, 6390, so the shared one on 6379 is never stopped).
#
# Knobs: CHAOS_DRAIN_TIMEOUT (300 s), CHAOS_SLOW_DELAY (2.5 s, scenario 2's provider),
# CHAOS_KILL_REPLICA=1 (scenario 2 also kill -9s one replica), CHAOS_SENDS_PER_SECOND (80),
# CHAOS_LEASE_SECS (unset: the service's WORKER_LEASE_SECS default), CHAOS_SKIP_BUILD=1 (no
# cargo build), CHAOS_BIN (another binary, e.g. a stand-in to try the suite itself), CHAOS_KEEP=1
# (keep the databases; the logs in /tmp/autolumiku-chaos.* are always kept). Scenarios 2 and 3 use
# the machine's Redis on 6379 under a prefix of their own (its keys removed at the end), or a
# private one on CHAOS_REDIS_PORT + 1 when nothing answers there.
#
# Prints one line per scenario and a markdown table at the end; exits 1 if any scenario lost
# or doubled a reply (or could not run to the end).
set -euo pipefail
cd "$(dirname "$0")/.."

WHICH=${1:-all}
case $WHICH in
  all) PLAN=(1 2 3 4 5) ;;
  sqlite) PLAN=(1 5) ;;
  postgres) PLAN=(2 3 4) ;;
  [1-5]) PLAN=("$WHICH") ;;
  *) echo "usage: $0 [all|sqlite|postgres|1-5]" >&2; exit 2 ;;
esac

ADMIN=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DRAIN_TIMEOUT=${CHAOS_DRAIN_TIMEOUT:-300}
SLOW_DELAY=${CHAOS_SLOW_DELAY:-2.5}
PRIVATE_REDIS_PORT=${CHAOS_REDIS_PORT:-6390}
SECRET=chaos-app-secret
PHONE_ID=109876543210001
RUN=chaos$$ # names this run's databases and Redis key prefixes
BIN=${CHAOS_BIN:-target/release/autolumiku}
CHAOS="python3 scripts/chaos.py"
WORK=$(mktemp -d /tmp/autolumiku-chaos.XXXXXX)
RESULTS=$WORK/results.jsonl
SCENARIO=main # which pid file `track` writes to
: >"$RESULTS"

NAMES=(
  ""
  "1. kill -9 mid-burst, restart, Meta re-posts"
  "2. two replicas, provider answers in ${SLOW_DELAY} s"
  "3. PostgreSQL restarted under steady traffic"
  "4. Redis stopped, then started again"
  "5. S3 endpoint unreachable"
)

# ---- processes: every one we start is tracked by its id, and only those are ever stopped ----

track() { echo "$1" >>"$WORK/$SCENARIO.pids"; }

alive() { # a zombie (dead, not yet reaped) counts as gone
  [[ -r /proc/$1/stat ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

wait_gone() { # pid seconds
  local _
  for _ in $(seq 1 $(($2 * 10))); do alive "$1" || return 0; sleep 0.1; done
  return 1
}

stop_pids() { # pid file: TERM, up to 5 s, then KILL
  [[ -f $1 ]] || return 0
  local pid
  for pid in $(tac "$1"); do kill "$pid" 2>/dev/null || true; done
  for pid in $(cat "$1"); do wait_gone "$pid" 5 || kill -9 "$pid" 2>/dev/null || true; done
  rm -f "$1"
}

cleanup() {
  local f db prefix
  for f in "$WORK"/*.pids; do stop_pids "$f"; done
  if [[ -f $WORK/pg-stopped ]]; then # scenario 3 was interrupted while PostgreSQL was down
    echo "starting PostgreSQL again"
    pg_ctlcluster --skip-systemctl-redirect "$(cat "$WORK/pg-stopped")" main start || true
  fi
  if [[ ${CHAOS_KEEP:-0} != 1 ]]; then
    if [[ -f $WORK/dbs ]]; then
      while read -r db; do psql "$ADMIN" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true; done <"$WORK/dbs"
    fi
    if [[ -f $WORK/redis-prefixes ]]; then # our keys on the shared Redis (rate-limit counters)
      while read -r prefix; do
        redis-cli -p 6379 --scan --pattern "$prefix*" 2>/dev/null | head -n 100000 |
          xargs -r -n 500 redis-cli -p 6379 del >/dev/null 2>&1 || true
      done <"$WORK/redis-prefixes"
    fi
  fi
  echo "logs: $WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url seconds: until it answers 2xx
  local _
  for _ in $(seq 1 $(($2 * 10))); do curl -fs -m 2 -o /dev/null "$1" && return 0; sleep 0.1; done
  return 1
}

probe() { # url [seconds]: "code body" in one short line; 000 = no answer in time (default 4 s)
  local body code
  body=$(mktemp)
  code=$(curl -s -m "${2:-4}" -o "$body" -w '%{http_code}' "$1" || true)
  echo "$code $(head -c 60 "$body" | tr -d '\n')"
  rm -f "$body"
}

free_ports() { $CHAOS free-port --count "$1"; } # N distinct loopback ports, space-separated

start_fake() { # port delay log webhook-urls: the Graph API stand-in; points the service at it.
  # It reports each message it accepts back to the webhook(s) as "sent", as Meta does.
  $CHAOS fake-graph --port "$1" --delay "$2" --log "$3" --webhook "$4" --secret "$SECRET" \
    2>>"$WORK/$SCENARIO-fake.err" &
  track $!
  local _
  for _ in $(seq 1 100); do curl -s -m 1 -o /dev/null "http://127.0.0.1:$1/" && break; sleep 0.1; done
  export WHATSAPP_API_BASE="http://127.0.0.1:$1"
}

start_serve() { # port log: one replica; sets SERVE_PID
  BIND=127.0.0.1:$1 PUBLIC_URL=http://127.0.0.1:$1 $BIN serve >>"$2" 2>&1 &
  SERVE_PID=$!
  disown "$SERVE_PID" # no "Killed" job notice from bash after a kill -9
  track "$SERVE_PID"
  wait_http "http://127.0.0.1:$1/healthz" 60 || { echo "service on :$1 did not start (see $2)" >&2; return 1; }
}

now() { date +%s.%N; }

# ---- service configuration ----

reset_env() { # data dir: the same settings for every scenario, nothing left from the previous one
  unset DATABASE_URL DATABASE_MIGRATION_URL REDIS_URL REDIS_PREFIX BIND PUBLIC_URL AUTOLUMIKU_CONFIG \
    S3_BUCKET S3_ENDPOINT S3_REGION S3_PATH_STYLE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
    LLM_BASE_URL LLM_API_KEY LLM_VISION_MODEL WORKER_LEASE_SECS
  export WHATSAPP_APP_SECRET=$SECRET WHATSAPP_API_VERSION=v21.0 RUST_LOG=warn
  export WHATSAPP_SENDS_PER_SECOND=${CHAOS_SENDS_PER_SECOND:-80}
  export API_RATE_LIMIT_PER_MINUTE=1000000 DATABASE_MAX_CONNECTIONS=16
  # Every replica and command of a run seals and opens tokens with the same platform key.
  export SECRET_KEY=${CHAOS_SECRET_KEY:=$(python3 -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')}
  unset SECRET_KEY_PREVIOUS SECRET_KEY_FILE HTTP_ONLY
  if [[ -n ${CHAOS_LEASE_SECS:-} ]]; then export WORKER_LEASE_SECS=$CHAOS_LEASE_SECS; fi
  export DATA_DIR=$1
  mkdir -p "$DATA_DIR"
}

use_sqlite() { # dir; CHECK_DB is what chaos.py reads the tables through
  reset_env "$1/data"
  export DATABASE_URL="sqlite://$1/data/chaos.db"
  CHECK_DB=$DATABASE_URL
}

use_postgres() { # database dir: a fresh database and the app role, as scripts/bench-common.sh does
  reset_env "$2/data"
  echo "$1" >>"$WORK/dbs"
  psql "$ADMIN" -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  psql "$ADMIN" -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'autolumiku_app') THEN CREATE ROLE autolumiku_app NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'autolumiku_test') THEN
    CREATE ROLE autolumiku_test LOGIN PASSWORD 'autolumiku_test' IN ROLE autolumiku_app;
  END IF;
END $$;
SQL
  export DATABASE_MIGRATION_URL="${ADMIN%/*}/$1"
  export DATABASE_URL="postgres://autolumiku_test:autolumiku_test@127.0.0.1:5432/$1"
  CHECK_DB=$DATABASE_MIGRATION_URL # the superuser sees every tenant's rows
}

redis_up() { [[ $(redis-cli -p "$1" ping 2>/dev/null) == PONG ]]; }

start_private_redis() { # port: a Redis of our own, in the foreground of a tracked process
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    >>"$WORK/redis-$1.log" 2>&1 &
  track $!
  local _
  for _ in $(seq 1 50); do redis_up "$1" && return 0; sleep 0.1; done
  echo "redis-server on :$1 did not start" >&2
  return 1
}

use_shared_redis() { # prefix: the machine's Redis on 6379 with our own key prefix, or a private one
  if redis_up 6379; then
    export REDIS_URL=redis://127.0.0.1:6379
    echo "$1" >>"$WORK/redis-prefixes"
  else
    start_private_redis $((PRIVATE_REDIS_PORT + 1))
    export REDIS_URL=redis://127.0.0.1:$((PRIVATE_REDIS_PORT + 1))
  fi
  export REDIS_PREFIX=$1
}

make_tenant() { # one showroom whose WhatsApp number receives every webhook
  $BIN migrate >/dev/null
  $BIN tenant create --slug chaos-motor --name "Chaos Motor" >/dev/null
  $BIN tenant update --slug chaos-motor --whatsapp-phone-number-id "$PHONE_ID" --whatsapp-access-token chaos-token >/dev/null
}

post() { # dir phase [post options…]: signed webhooks from dir/messages.jsonl; summary in dir/post-PHASE.json
  local dir=$1 phase=$2
  shift 2
  $CHAOS post --secret "$SECRET" --messages "$dir/messages.jsonl" --attempts "$dir/attempts.jsonl" \
    --phase "$phase" "$@" >"$dir/post-${phase// /-}.json"
}

check() { # dir number backend [check options…]: the result line, appended to $RESULTS
  local dir=$1 n=$2 backend=$3 f
  shift 3
  local summaries=()
  for f in "$dir"/post-*.json; do [[ -f $f ]] && summaries+=(--summary "$f"); done
  $CHAOS check --scenario "${NAMES[$n]}" --backend "$backend" --db "$CHECK_DB" \
    --messages "$dir/messages.jsonl" --attempts "$dir/attempts.jsonl" --fake-log "$dir/fake.jsonl" \
    --drain "$dir/drain.json" --results "$RESULTS" --verbose "${summaries[@]}" "$@"
}

# ---- the scenarios ----

# 1. SQLite, no Redis. 600 customers write at once; once 200 webhooks are acknowledged the
# service is killed with SIGKILL. Restarted on the same database, it gets every unacknowledged
# webhook again plus a fifth of the acknowledged ones (Meta retries; they must be no-ops).
scenario_1() {
  local dir=$WORK/s1 fport port url t0
  mkdir -p "$dir"
  use_sqlite "$dir"
  make_tenant
  read -r fport port <<<"$(free_ports 2)"
  url=http://127.0.0.1:$port/webhooks/whatsapp
  start_fake "$fport" 0 "$dir/fake.jsonl" "$url"
  start_serve "$port" "$dir/serve.log"
  $CHAOS messages --count 600 --scenario 1 --phone-number-id "$PHONE_ID" >"$dir/messages.jsonl"
  post "$dir" burst --urls "$url" --threads 50 --kill-after 200 --kill-pid "$SERVE_PID"
  wait_gone "$SERVE_PID" 10
  t0=$(now) # drain time counts from the restart
  start_serve "$port" "$dir/serve.log"
  post "$dir" repost --urls "$url" --threads 50 --resend --reack-fraction 0.2 --retry --deadline 120
  $CHAOS drain --db "$CHECK_DB" --since "$t0" --timeout "$DRAIN_TIMEOUT" --out "$dir/drain.json" >/dev/null
  check "$dir" 1 sqlite
}

# 2. PostgreSQL + Redis, two replicas on one database and one Redis prefix, a provider that takes
# 2.5 s per message. The burst is split across both replicas. Optionally one is killed.
scenario_2() {
  local dir=$WORK/s2 fport pa pb urls pid_a t0 notes=()
  mkdir -p "$dir"
  use_postgres "${RUN}_s2" "$dir"
  use_shared_redis "$RUN-s2"
  make_tenant
  read -r fport pa pb <<<"$(free_ports 3)"
  urls="http://127.0.0.1:$pa/webhooks/whatsapp,http://127.0.0.1:$pb/webhooks/whatsapp"
  start_fake "$fport" "$SLOW_DELAY" "$dir/fake.jsonl" "$urls"
  start_serve "$pa" "$dir/serve-a.log"
  pid_a=$SERVE_PID
  start_serve "$pb" "$dir/serve-b.log"
  $CHAOS messages --count 600 --scenario 2 --phone-number-id "$PHONE_ID" >"$dir/messages.jsonl"
  local kill=()
  if [[ ${CHAOS_KILL_REPLICA:-0} == 1 ]]; then
    kill=(--kill-after 200 --kill-pid "$pid_a")
    notes=(--note "replica A killed (kill -9) after 200 acknowledged")
  fi
  t0=$(now)
  post "$dir" burst --urls "$urls" --threads 50 --retry --deadline 120 "${kill[@]}"
  # Settle a little longer than one send: a send taken over after a lease may still be on the wire.
  $CHAOS drain --db "$CHECK_DB" --since "$t0" --timeout "$DRAIN_TIMEOUT" --settle "$(python3 -c "print($SLOW_DELAY + 2)")" \
    --out "$dir/drain.json" >/dev/null
  check "$dir" 2 "postgres+redis" "${notes[@]}"
}

# 3. PostgreSQL + Redis, steady traffic (30 webhooks/s for 20 s); after 6 s the cluster is stopped
# for about 5 s and started again. Webhooks must answer 5xx meanwhile (we re-post like Meta
# until 200) and the workers must pick up again without the service being restarted.
scenario_3() {
  local dir=$WORK/s3 version fport port url t0 poster ready_down health_down fails=()
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [[ -n $version ]] || { echo "no PostgreSQL cluster under /etc/postgresql" >&2; return 1; }
  mkdir -p "$dir"
  use_postgres "${RUN}_s3" "$dir"
  use_shared_redis "$RUN-s3"
  make_tenant
  read -r fport port <<<"$(free_ports 2)"
  url=http://127.0.0.1:$port
  start_fake "$fport" 0.2 "$dir/fake.jsonl" "$url/webhooks/whatsapp"
  start_serve "$port" "$dir/serve.log"
  $CHAOS messages --count 600 --scenario 3 --phone-number-id "$PHONE_ID" >"$dir/messages.jsonl"
  t0=$(now)
  # In the background (not through post(), so that $! is the poster itself and can be stopped).
  $CHAOS post --secret "$SECRET" --messages "$dir/messages.jsonl" --attempts "$dir/attempts.jsonl" \
    --phase steady --urls "$url/webhooks/whatsapp" --threads 50 --rate 30 --retry --deadline 240 \
    --timeout 20 >"$dir/post-steady.json" &
  poster=$!
  track "$poster"
  sleep 6
  echo "$version" >"$WORK/pg-stopped" # the exit trap starts it again if we are interrupted
  pg_ctlcluster --skip-systemctl-redirect "$version" main stop
  # Ask both while PostgreSQL is down (the pool gives up on the database after 5 s, so wait 6);
  # the down time is the longer of these and the 5 s sleep.
  probe "$url/readyz" 6 >"$dir/readyz-down" &
  local p1=$!
  probe "$url/healthz" 6 >"$dir/healthz-down" &
  local p2=$!
  sleep 5
  wait "$p1" "$p2" || true
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  rm -f "$WORK/pg-stopped"
  ready_down=$(cat "$dir/readyz-down")
  health_down=$(cat "$dir/healthz-down")
  wait "$poster" || true
  $CHAOS drain --db "$CHECK_DB" --since "$t0" --timeout "$DRAIN_TIMEOUT" --out "$dir/drain.json" >/dev/null
  alive "$SERVE_PID" || fails=(--fail "the service exited during the outage")
  check "$dir" 3 "postgres+redis" --note "PostgreSQL down 5–6 s" \
    --note "while down: /readyz $ready_down, /healthz $health_down" "${fails[@]}"
}

# 4. PostgreSQL + a private Redis (so the machine's shared Redis is never touched). 100 messages
# with Redis up, then Redis is shut down: 100 more must still be accepted and answered (rate
# limits fail open); then Redis is started again (empty) and 50 more must be answered.
scenario_4() {
  local dir=$WORK/s4 rport=$PRIVATE_REDIS_PORT fport port url t0 health ready fails=() notes=()
  if redis_up "$rport"; then echo "something already answers on Redis port $rport" >&2; return 1; fi
  mkdir -p "$dir"
  start_private_redis "$rport"
  use_postgres "${RUN}_s4" "$dir"
  export REDIS_URL=redis://127.0.0.1:$rport REDIS_PREFIX=$RUN-s4
  make_tenant
  read -r fport port <<<"$(free_ports 2)"
  url=http://127.0.0.1:$port
  start_fake "$fport" 0 "$dir/fake.jsonl" "$url/webhooks/whatsapp"
  start_serve "$port" "$dir/serve.log"
  $CHAOS messages --count 250 --scenario 4 --phone-number-id "$PHONE_ID" >"$dir/messages.jsonl"
  t0=$(now)

  post "$dir" "redis up" --urls "$url/webhooks/whatsapp" --range 0:100 --threads 20 --retry --deadline 60
  $CHAOS drain --db "$CHECK_DB" --since "$t0" --timeout 120 --out "$dir/drain-up.json" >/dev/null

  redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1 || true
  local _
  for _ in $(seq 1 50); do redis_up "$rport" || break; sleep 0.1; done
  local t1
  t1=$(now)
  post "$dir" "redis down" --urls "$url/webhooks/whatsapp" --range 100:200 --threads 20 --retry --deadline 60
  health=$(probe "$url/healthz")
  ready=$(probe "$url/readyz")
  $CHAOS drain --db "$CHECK_DB" --since "$t1" --timeout 120 --out "$dir/drain-down.json" >/dev/null
  if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["drained"] else 1)' "$dir/drain-down.json"; then
    notes+=(--note "with Redis down: drained in $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$dir/drain-down.json") s")
  else
    fails+=(--fail "replies did not go out within 120 s while Redis was down")
  fi

  start_private_redis "$rport"
  post "$dir" "redis back" --urls "$url/webhooks/whatsapp" --range 200:250 --threads 20 --retry --deadline 60
  $CHAOS drain --db "$CHECK_DB" --since "$t0" --timeout 120 --out "$dir/drain.json" >/dev/null
  alive "$SERVE_PID" || fails+=(--fail "the service exited")
  check "$dir" 4 "postgres+redis" --note "while Redis down: /healthz $health, /readyz $ready" \
    "${notes[@]}" "${fails[@]}"
}

# 5. SQLite with photos in an S3 bucket whose endpoint nobody listens on: chat replies do not
# depend on the bucket and must still go out.
scenario_5() {
  local dir=$WORK/s5 dead fport port t0
  mkdir -p "$dir"
  use_sqlite "$dir"
  read -r dead fport port <<<"$(free_ports 3)"
  export S3_BUCKET=chaos-photos S3_ENDPOINT="http://127.0.0.1:$dead" S3_PATH_STYLE=true \
    S3_REGION=us-east-1 AWS_ACCESS_KEY_ID=chaos AWS_SECRET_ACCESS_KEY=chaos-secret
  make_tenant
  start_fake "$fport" 0 "$dir/fake.jsonl" "http://127.0.0.1:$port/webhooks/whatsapp"
  start_serve "$port" "$dir/serve.log"
  $CHAOS messages --count 50 --scenario 5 --phone-number-id "$PHONE_ID" >"$dir/messages.jsonl"
  t0=$(now)
  post "$dir" burst --urls "http://127.0.0.1:$port/webhooks/whatsapp" --threads 10 --retry --deadline 60
  $CHAOS drain --db "$CHECK_DB" --since "$t0" --timeout 120 --out "$dir/drain.json" >/dev/null
  check "$dir" 5 "sqlite+s3" --note "S3 endpoint $S3_ENDPOINT (nothing listens)"
}

# ---- run ----

run_scenario() { # number backend: in a subshell, so one scenario's failure does not stop the others
  local n=$1 backend=$2 rows rc
  SCENARIO=s$n
  echo "== ${NAMES[$n]} ($backend)"
  rows=$(wc -l <"$RESULTS")
  set +e
  (
    set -e
    "scenario_$n"
  )
  rc=$?
  set -e
  stop_pids "$WORK/$SCENARIO.pids"
  if ((rc != 0)) && [[ $(wc -l <"$RESULTS") == "$rows" ]]; then
    $CHAOS record --scenario "${NAMES[$n]}" --backend "$backend" --results "$RESULTS" \
      --reason "did not run to the end (exit $rc); logs in $WORK/s$n"
  fi
  SCENARIO=main
}

if [[ ${CHAOS_SKIP_BUILD:-0} != 1 ]]; then cargo build --release --quiet; fi
[[ -x $BIN ]] || { echo "$BIN is missing" >&2; exit 1; }

for n in "${PLAN[@]}"; do
  case $n in
    1) run_scenario 1 sqlite ;;
    2) run_scenario 2 postgres+redis ;;
    3) run_scenario 3 postgres+redis ;;
    4) run_scenario 4 postgres+redis ;;
    5) run_scenario 5 sqlite+s3 ;;
  esac
done

echo
$CHAOS table --results "$RESULTS"
