"""`manage.py check --deploy`: what a production machine needs and the settings cannot
enforce by themselves (each one fails silently otherwise: SQLite on one machine, a cache
per process, every resident seen as the load balancer)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .clients import trusted_proxy_count

SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)


@register(Tags.security, Tags.database, Tags.caches, deploy=True)
def production_services(app_configs, **kwargs):
    errors = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        errors.append(
            Error(
                "La production tourne sans PostgreSQL : DATABASE_URL est absente ou ne "
                "désigne pas une base PostgreSQL.",
                hint="Définissez DATABASE_URL=postgres://… (docs/deploy.md).",
                id="ops.E001",
            )
        )
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in SHARED_CACHE_BACKENDS:
        errors.append(
            Error(
                "La production tourne sans cache partagé : chaque processus aurait ses "
                "propres limites d'envoi et son propre cache.",
                hint="Définissez REDIS_URL=redis://… (docs/deploy.md).",
                id="ops.E002",
            )
        )
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and trusted_proxy_count() <= 0:
        errors.append(
            Error(
                "La production est derrière un répartiteur de charge (SECURE_PROXY_SSL_HEADER) "
                "mais TRUSTED_PROXY_COUNT vaut 0 : le verrouillage des connexions et les "
                "limites d'envoi verraient tout le monde avec l'adresse du répartiteur.",
                hint="Définissez TRUSTED_PROXY_COUNT=1 (un répartiteur ; 2 avec un CDN devant).",
                id="ops.E003",
            )
        )
    if "cms.ops.clients.ClientAddressMiddleware" not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "cms.ops.clients.ClientAddressMiddleware manque dans MIDDLEWARE.",
                id="ops.E004",
            )
        )
    return errors
