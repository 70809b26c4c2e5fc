"""Who sent a request: the client's address, as every part of the site that counts or limits by address reads it.

One function for the comments' rate limits and the admin sign-in's throttle (django-axes, through
AXES_CLIENT_IP_CALLABLE), so that both trust the same proxies and a forged header fools neither.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address our own trusted proxies put in X-Forwarded-For.

    Only the last COMMENTS_TRUSTED_PROXY_COUNT entries of the header were written by proxies we run; any
    entry before those came from the client and could be forged, so it is never used.
    """
    proxies = settings.COMMENTS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        if len(forwarded) >= proxies and valid_ip(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") if valid_ip(request.META.get("REMOTE_ADDR")) else None


def valid_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
