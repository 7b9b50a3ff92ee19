"""gunicorn's configuration for production (deploy/systemd/xnzx-web.service starts it with -c).

Everything comes from the environment file that systemd loads (DEPLOY_ENV_FILE): see
deploy/.env.example. Access lines come from the application (one JSON line per request with its
request id), so gunicorn's own access log is off; its error log goes to stdout as JSON too.
"""

import multiprocessing
import os

from operations import logs

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the pages are short; PDFs and .xlsx exports are the slow ones (timeout below).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a slow leak never grows without bound).
max_requests = 2000
max_requests_jitter = 200
# nginx on the same host sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# The largest header nginx sends on; the body limit is nginx's client_max_body_size.
limit_request_field_size = 8190
accesslog = None
errorlog = "-"
logconfig_dict = logs.config(
    log_format=os.environ.get("LOG_FORMAT", "json"), level=os.environ.get("LOG_LEVEL", "INFO")
)
