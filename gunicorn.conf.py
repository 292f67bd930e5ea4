"""gunicorn settings for `make serve-prod`; every value can be overridden from the environment."""

import json
import multiprocessing
import os

wsgi_app = "cms.wsgi:application"
# Loopback unless told otherwise: a machine behind the load balancer sets GUNICORN_BIND to
# the address the balancer reaches (docs/deploy.md); nothing is exposed by accident.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Rendering is CPU-bound: a couple of processes per core, a few threads each for I/O waits.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes a machine down.
max_requests = 1000
max_requests_jitter = 100
# Worker heartbeat files in memory: a slow disk must not make gunicorn kill healthy workers.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not user data
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# Trust X-Forwarded-* only from the load balancer.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# One JSON object per request, like the application's own logs. "remote" is REMOTE_ADDR,
# which cms.ops.clients.ClientAddressMiddleware sets to the client's address behind the
# trusted proxies (the raw X-Forwarded-For can be forged by anyone).
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "logger": "gunicorn.access",
        "remote": "%(h)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "user_agent": "%(a)s",
    }
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
