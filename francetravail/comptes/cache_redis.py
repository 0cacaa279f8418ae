"""The shared cache (Redis) when Redis is down: pages keep working, limits keep holding.

The default cache holds two kinds of entries, which must not fail the same way:

- **limits and replay markers**: allauth's login rate limits and lockouts
  (``allauth:rl:…``), its used-TOTP-code markers (a code works once), the OpenID
  Connect token replay markers (``jwt:…``), DRF's throttles. Treating Redis down as
  "nothing recorded" would silently lift every limit, and refusing would stop every
  login. They **fail safe**: while Redis is unreachable they are kept in this
  process's memory (``LocMemCache``). Each web process then counts on its own, so an
  attacker gets at most the limit times the number of processes during the outage:
  still a bound, where a miss would be none.
- **copies of database rows whose changes are invalidated across processes** (a
  professional's memberships, ``francetravail/reseau/roles.py``): a per-process copy
  would miss the invalidation made by another process, and a revoked role would keep
  working there. Their prefixes are listed in ``OPTIONS["PREFIXES_SANS_REPLI"]``: they
  **fail open** (a miss, the database answers; a write is dropped).

Every failure is logged once per outage (a warning), not once per call. After a
failure Redis is left alone for ``PAUSE_APRES_PANNE`` seconds (each failing call
costs its connection retries, a few hundred milliseconds, on every cache call of
every request otherwise). Deletions that could not reach Redis (an invalidation, a
lockout cleared after a successful login) are replayed as soon as it answers again,
so that a copy written before the outage does not outlive a change made during it;
and the in-memory fallback is emptied then, its counts being those of the outage.
"""

import logging
import threading
import time

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# Redis unreachable, too slow, or still loading its append-only file at start
# (BusyLoadingError is a ConnectionError). A ResponseError is a bug: it propagates.
PANNES_REDIS = (ConnectionInterrupted, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# Beyond this many deletions waiting for Redis, the oldest are given up: the entries
# then expire with their timeout (CONTEXTE_PRO_CACHE_SECONDES for memberships).
MAX_EFFACEMENTS_EN_ATTENTE = 10_000


class _Etat:
    """What one process knows of one Redis: shared by the threads' cache instances."""

    def __init__(self):
        self.verrou = threading.Lock()
        self.en_panne_depuis = None
        self.reessayer_a = 0.0
        # (key, version) pairs, (pattern, version) pairs, and whether a clear() is owed.
        self.cles = {}
        self.motifs = {}
        self.vider = False
        self.rattrapes = 0

    def a_rattraper(self):
        return bool(self.cles or self.motifs or self.vider)


_ETATS = {}
_ETATS_VERROU = threading.Lock()


def _etat_de(location):
    with _ETATS_VERROU:
        return _ETATS.setdefault(location, _Etat())


class CacheRedisTolerante(RedisCache):
    """django-redis's cache, which answers from memory or as a miss when Redis is down (see above)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._prefixes_sans_repli = tuple(options.pop("PREFIXES_SANS_REPLI", ()))
        self._pause_apres_panne = float(options.pop("PAUSE_APRES_PANNE", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._etat = _etat_de(str(server))
        # Same name in every thread: LocMemCache shares its storage by name within a process.
        self._repli = LocMemCache(
            f"ft-repli-redis:{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )

    # -- the BaseCache API (and django-redis's delete_pattern) --------------------------------------------

    def get(self, key, default=None, version=None, client=None):
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).get(key, default, version=version, client=client),
            lambda: self._repli.get(key, default, version=version),
            default,
        )

    def get_many(self, keys, version=None, client=None):
        keys = list(keys)
        return self._appel(
            keys,
            lambda: super(CacheRedisTolerante, self).get_many(keys, version=version, client=client),
            lambda: self._repli.get_many(keys, version=version),
            {},
        )

    def has_key(self, key, version=None, client=None):
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).has_key(key, version=version, client=client),
            lambda: self._repli.has_key(key, version=version),
            False,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None, nx=False, xx=False):
        def repli():
            if nx:
                return self._repli.add(key, value, timeout, version=version)
            if xx and not self._repli.has_key(key, version=version):
                return False
            self._repli.set(key, value, timeout, version=version)
            return True

        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).set(
                key, value, timeout, version=version, client=client, nx=nx, xx=xx
            ),
            repli,
            False,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).add(key, value, timeout, version=version, client=client),
            lambda: self._repli.add(key, value, timeout, version=version),
            False,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return self._appel(
            list(data),
            lambda: super(CacheRedisTolerante, self).set_many(data, timeout, version=version, client=client),
            lambda: self._repli.set_many(data, timeout, version=version),
            list(data),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).touch(key, timeout, version=version, client=client),
            lambda: self._repli.touch(key, timeout, version=version),
            False,
        )

    def incr(self, key, delta=1, version=None, client=None, **kwargs):
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).incr(key, delta, version=version, client=client, **kwargs),
            lambda: self._repli.incr(key, delta, version=version),
            _manquante(key),
        )

    def decr(self, key, delta=1, version=None, client=None, **kwargs):
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).decr(key, delta, version=version, client=client, **kwargs),
            lambda: self._repli.decr(key, delta, version=version),
            _manquante(key),
        )

    def delete(self, key, version=None, client=None, **kwargs):
        self._repli.delete(key, version=version)
        return self._appel(
            [key],
            lambda: super(CacheRedisTolerante, self).delete(key, version=version, client=client, **kwargs),
            lambda: self._effacer_plus_tard(cles=[(key, version)]),
            False,
            toujours_repli=True,
        )

    def delete_many(self, keys, version=None, client=None):
        keys = list(keys)
        self._repli.delete_many(keys, version=version)
        return self._appel(
            keys,
            lambda: super(CacheRedisTolerante, self).delete_many(keys, version=version, client=client),
            lambda: self._effacer_plus_tard(cles=[(k, version) for k in keys]),
            0,
            toujours_repli=True,
        )

    def delete_pattern(self, pattern, version=None, client=None, **kwargs):
        self._repli.clear()
        return self._appel(
            [],
            lambda: super(CacheRedisTolerante, self).delete_pattern(pattern, version=version, client=client, **kwargs),
            lambda: self._effacer_plus_tard(motifs=[(pattern, version)]),
            0,
            toujours_repli=True,
        )

    def clear(self):
        self._repli.clear()
        return self._appel(
            [],
            lambda: super(CacheRedisTolerante, self).clear(),
            lambda: self._effacer_plus_tard(vider=True),
            False,
            toujours_repli=True,
        )

    # -- the machinery --------------------------------------------------------------------------------------

    def _appel(self, cles, redis_, repli, valeur_sans_repli, *, toujours_repli=False):
        """Redis if it answers; else the fallback for limits, a miss for the copies of rows.

        ``toujours_repli``: deletions always take the fallback path (it records what
        to replay), whatever the keys."""
        etat = self._etat
        if time.monotonic() >= etat.reessayer_a:
            try:
                if etat.a_rattraper():
                    # Deletions owed since an outage: replayed before anything is read.
                    self._rattraper()
                resultat = redis_()
            except PANNES_REDIS as exc:
                self._panne(exc)
            else:
                if etat.en_panne_depuis is not None:
                    self._retabli()
                return resultat
        if toujours_repli or not self._sans_repli(cles):
            return repli()
        if isinstance(valeur_sans_repli, Exception):
            raise valeur_sans_repli
        return valeur_sans_repli

    def _sans_repli(self, cles):
        return bool(cles) and all(str(k).startswith(self._prefixes_sans_repli) for k in cles)

    def _panne(self, exc):
        etat = self._etat
        with etat.verrou:
            premiere = etat.en_panne_depuis is None
            if premiere:
                etat.en_panne_depuis = time.monotonic()
            etat.reessayer_a = time.monotonic() + self._pause_apres_panne
        if premiere:
            logger.warning(
                "Redis injoignable (%s : %s) : limites de connexion tenues en mémoire par processus, "
                "copies en cache lues en base ; nouvel essai toutes les %s s.",
                exc.__class__.__name__,
                exc,
                self._pause_apres_panne,
            )

    def _effacer_plus_tard(self, *, cles=(), motifs=(), vider=False):
        etat = self._etat
        with etat.verrou:
            for cle in cles:
                etat.cles[cle] = None
            for motif in motifs:
                etat.motifs[motif] = None
            etat.vider = etat.vider or vider
            trop = len(etat.cles) - MAX_EFFACEMENTS_EN_ATTENTE
            for cle in list(etat.cles)[: max(trop, 0)]:
                del etat.cles[cle]
        if trop > 0:
            logger.error("Trop d'effacements en attente de Redis : %s abandonnés, ils expireront d'eux-mêmes.", trop)
        return False

    def _rattraper(self):
        """Replays the deletions owed to Redis; raises (owing them still) if it is down again."""
        etat = self._etat
        with etat.verrou:
            cles, motifs, vider = list(etat.cles), list(etat.motifs), etat.vider
        if vider:
            super().clear()
        for motif, version in motifs:
            super().delete_pattern(motif, version=version)
        par_version = {}
        for cle, version in cles:
            par_version.setdefault(version, []).append(cle)
        for version, lot in par_version.items():
            super().delete_many(lot, version=version)
        with etat.verrou:
            for cle in cles:
                etat.cles.pop(cle, None)
            for motif in motifs:
                etat.motifs.pop(motif, None)
            etat.vider = etat.vider and not vider
            etat.rattrapes += len(cles) + len(motifs) + int(vider)

    def _retabli(self):
        """Redis answered again: it is the reference once more, the outage's memory is dropped."""
        etat = self._etat
        with etat.verrou:
            depuis, etat.en_panne_depuis = etat.en_panne_depuis, None
            rattrapes, etat.rattrapes = etat.rattrapes, 0
        if depuis is None:
            return  # another thread saw it first
        self._repli.clear()
        logger.warning(
            "Redis de nouveau joignable après %.0f s ; %s effacement(s) rattrapé(s).",
            time.monotonic() - depuis,
            rattrapes,
        )


def _manquante(key):
    # What LocMemCache and django-redis raise for incr/decr of an absent key.
    return ValueError(f"Key '{key}' not found.")
