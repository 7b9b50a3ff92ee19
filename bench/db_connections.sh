#!/usr/bin/env bash
# Requests/s of the public home page (database-backed) under gunicorn on PostgreSQL, with
# persistent connections (CONN_MAX_AGE=600, health checks on) versus a new connection per request.
# Needs: PostgreSQL on 127.0.0.1:5432, `apt-get install wrk`. Run from the project root.
set -euo pipefail
DB=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/efficiency_center_bench}
createdb -h 127.0.0.1 -U postgres efficiency_center_bench 2>/dev/null || true
export DEBUG=1 DATABASE_URL=$DB
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py seed_demo >/dev/null
for age in 600 0; do
  CONN_MAX_AGE=$age .venv/bin/gunicorn efficiency_center.wsgi --bind 127.0.0.1:8765 \
    --workers 2 --log-level warning & pid=$!
  sleep 3
  wrk -t2 -c16 -d10s http://127.0.0.1:8765/ >/dev/null  # warm-up
  printf 'CONN_MAX_AGE=%-4s ' "$age"
  wrk -t2 -c16 -d20s http://127.0.0.1:8765/ | grep 'Requests/sec'
  kill $pid; wait $pid 2>/dev/null || true
done
