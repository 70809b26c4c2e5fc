"""Django's Redis cache, with one redis-py client per connection pool instead of one per command.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for every `get`, `set` or `get_many`, and
redis-py builds its table of response callbacks (about 170 entries) in each: on a page-cache hit, which is two
commands, that was most of the hit's own CPU (docs/performance.md, "The page cache on Redis"). A client
holds no connection of its own: it takes one from its pool for each command and gives it back (and redis-py
documents clients as safe to share between threads, though Django gives each thread a cache object of its
own anyway). So each pool's client is made once and kept.

Everything else is Django's backend: the same OPTIONS, serializer, pools and servers.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # connection pool → its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
