# Shared by the load benchmarks (sourced, not run): checks wrk, builds the release binary and
# makes a fresh PostgreSQL database $DB with the app role, exporting the service's settings.
# Expects ADMIN (a superuser URL), DB and PORT to be set.

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
BIN=target/release/autolumiku

psql "$ADMIN" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
psql "$ADMIN" -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'autolumiku_app') THEN CREATE ROLE autolumiku_app NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'autolumiku_test') THEN
    CREATE ROLE autolumiku_test LOGIN PASSWORD 'autolumiku_test' IN ROLE autolumiku_app;
  END IF;
END $$;
SQL
export DATABASE_MIGRATION_URL="${ADMIN%/*}/$DB"
export DATABASE_URL="postgres://autolumiku_test:autolumiku_test@127.0.0.1:5432/$DB"
export DATABASE_MAX_CONNECTIONS=16 API_RATE_LIMIT_PER_MINUTE=1000000
export BIND="127.0.0.1:$PORT" RUST_LOG=warn DATA_DIR="$(mktemp -d)"
unset REDIS_URL
