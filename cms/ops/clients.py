"""The resident's or editor's own address, decided once for the whole application.

Behind the load balancer every request comes from the balancer's address; the real one is
in `X-Forwarded-For`, where each trusted proxy appended the address it received the
request from. Only those last `TRUSTED_PROXY_COUNT` entries can be believed: anything to
their left was written by the client and may be forged. django-ipware reads the header;
`ClientAddressMiddleware` then puts the result in `REMOTE_ADDR`, so django-axes (through
`AXES_CLIENT_IP_CALLABLE`), the consultation rate limits, Django's own logging and
gunicorn's access log (which reads the same WSGI environ) all see the same address.
"""

from django.conf import settings

from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"
# The balancer's own address, kept for the logs once REMOTE_ADDR names the client.
PROXY_ADDR = "PROXY_REMOTE_ADDR"
_CACHE_ATTR = "_participez_client_ip"


def trusted_proxy_count():
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)


def _resolve(meta_request):
    count = trusted_proxy_count()
    peer = meta_request.META.get(PROXY_ADDR) or meta_request.META.get("REMOTE_ADDR", "")
    if count <= 0 or not meta_request.META.get(FORWARDED_HEADER):
        return peer
    # ipware counts the proxies *listed* in the header after the client; our balancer adds
    # the client's address and appears itself only as the peer, hence count - 1. Not
    # strict: a client (or its own proxy) may prepend entries; they are ignored.
    address, _routable = get_client_ip(
        meta_request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=(FORWARDED_HEADER,),
        strict=False,
    )
    # A header shorter than the trusted chain or holding garbage where the trusted address
    # should be: the request did not come through our proxies as configured; the peer
    # address is the only one we know to be true.
    return address or peer


def client_ip(request):
    """The client's address as the trusted proxies saw it (REMOTE_ADDR without a proxy)."""
    address = getattr(request, _CACHE_ATTR, None)
    if address is None:
        address = _resolve(request)
        setattr(request, _CACHE_ATTR, address)
    return address


class ClientAddressMiddleware:
    """First in the chain: REMOTE_ADDR becomes the client's address for everything after."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if trusted_proxy_count() > 0:
            address = client_ip(request)
            meta = request.META
            if address and address != meta.get("REMOTE_ADDR"):
                meta.setdefault(PROXY_ADDR, meta.get("REMOTE_ADDR", ""))
                meta["REMOTE_ADDR"] = address
        return self.get_response(request)
