#!/usr/bin/env bash
# Requests/s under gunicorn on PostgreSQL with persistent connections (CONN_MAX_AGE=600, health
# checks on) versus a new connection per request (0), for /healthz/ (one query: the connection
# cost alone) and the public home page (three queries and a full template).
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
  for path in /healthz/ /; do
    wrk -t2 -c16 -d5s "http://127.0.0.1:8765$path" >/dev/null  # warm-up
    printf 'CONN_MAX_AGE=%-4s %-10s ' "$age" "$path"
    wrk -t2 -c16 -d15s "http://127.0.0.1:8765$path" | grep 'Requests/sec'
  done
  kill $pid; wait $pid 2>/dev/null || true
done
