#!/usr/bin/env bash
# What `make test` needs before pytest starts, on a fresh Debian machine or on one already set up:
#   1. the Debian packages the suite uses (installed when missing, as root; otherwise one line
#      naming them),
#   2. PostgreSQL and Redis on this machine, started when they are down.
# It changes nothing when everything is there, so running it twice is harmless.
#
# Which PostgreSQL and Redis: TEST_DATABASE_URL and TEST_REDIS_URL (the Makefile passes them).
# Only services on this machine (127.0.0.1 / localhost) are started; a remote one is only checked.
# ENSURE_SERVICES_QUIET=1 prints nothing when there is nothing to do.
set -uo pipefail

DB_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/efficiency_center}"
REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"

say() { echo "ensure_services: $*"; }

# host and port of a URL like scheme://user:pw@host:port/name
url_host() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; echo "${rest%%:*}"; }
url_port() {
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"
  if [[ "$rest" == *:* ]]; then echo "${rest##*:}"; else echo "$2"; fi
}
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "" ]]; }

PG_HOST="$(url_host "$DB_URL")"; PG_PORT="$(url_port "$DB_URL" 5432)"
REDIS_HOST="$(url_host "$REDIS_URL")"; REDIS_PORT="$(url_port "$REDIS_URL" 6379)"
[ -z "$PG_HOST" ] && PG_HOST=127.0.0.1

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- 1. Debian packages ------------------------------------------------------------------------
# PostgreSQL and Redis themselves when this machine is to run them; Debian's Chromium for the
# browser tests (Playwright), a CJK font for their screenshots and WeasyPrint, pdffonts for the
# PDF tests, gettext for the catalog check, Pango for WeasyPrint, nginx and systemd-analyze for
# the deployment tests.
need=()
if is_local "$PG_HOST"; then
  command -v pg_isready >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1 \
    && ls /etc/postgresql/*/main >/dev/null 2>&1 || need+=(postgresql)
fi
if is_local "$REDIS_HOST"; then
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
    || need+=(redis-server)
fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# nginx and openssl for the deployment tests (a private nginx on free ports; never the service).
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# systemd-analyze (package systemd) for the unit files' check.
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)

if [ ${#need[@]} -gt 0 ]; then
  if is_root; then
    say "installing Debian packages: ${need[*]}"
    # A package's own service must not start on install (we start what we need below).
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
    fi
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" \
      >/dev/null
    status=$?
    [ "$made_policy" -eq 1 ] && rm -f "$policy"
    [ "$status" -eq 0 ] || { say "apt-get install failed (exit $status)"; exit "$status"; }
    if [[ " ${need[*]} " == *" postgresql "* ]]; then
      # A cluster this script just installed is a test machine's: the suite connects as
      # postgres over 127.0.0.1 without a password (never do this on a server with data).
      for hba in /etc/postgresql/*/main/pg_hba.conf; do
        sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
      done
      say "new PostgreSQL cluster: loopback connections trusted (test machine only)"
    fi
  else
    echo "缺少测试所需的 Debian 软件包，请以 root 安装：apt-get install ${need[*]}"
  fi
fi

# --- 2. PostgreSQL and Redis -------------------------------------------------------------------
pg_up() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q >/dev/null 2>&1; }
redis_up() { redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

started=()
if ! pg_up && is_local "$PG_HOST" && command -v pg_ctlcluster >/dev/null 2>&1; then
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$version" ]; then
    if is_root || [ "$(id -un)" = postgres ]; then
      pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 \
        && started+=("PostgreSQL $version")
    else
      echo "PostgreSQL 未运行，请以 root 启动：pg_ctlcluster $version main start"
    fi
  fi
fi
if ! redis_up && is_local "$REDIS_HOST" && command -v redis-server >/dev/null 2>&1; then
  # No persistence: the suite's Redis holds nothing worth keeping (production: see README).
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "${TMPDIR:-/tmp}" --pidfile "${TMPDIR:-/tmp}/redis-$REDIS_PORT.pid" >/dev/null \
    && started+=("Redis on port $REDIS_PORT")
fi

if [ ${#started[@]} -gt 0 ]; then
  for _ in $(seq 1 30); do
    pg_up && redis_up && break
    sleep 1
  done
  say "started: ${started[*]}"
fi

pg_up || echo "PostgreSQL 无法连接（$PG_HOST:$PG_PORT）。"
redis_up || echo "Redis 无法连接（${REDIS_HOST:-127.0.0.1}:$REDIS_PORT）。"
if [ ${#need[@]} -eq 0 ] && [ ${#started[@]} -eq 0 ] && [ "${ENSURE_SERVICES_QUIET:-0}" != 1 ]; then
  say "Debian packages present, PostgreSQL and Redis up"
fi
# pytest's session check (conftest.py) stops the suite with a clear message if a service is still
# down, so this script never fails the run by itself except when apt-get failed.
exit 0
