"""Rendered page parts cached against one data version, so a page costs little while nothing changed.

Every write to one of the portal's tables (an INSERT, UPDATE or DELETE the ORM, a bulk
operation or raw SQL sends through Django's connection) sets a new data version. Pages
wrap their costly part in Django's own `{% cache %}` tag with `page_key` as the vary-on
value:

    {% cache 600 organization_list page_key %} ... {% endcache %}

`page_key` (from the `page_cache` context processor) joins the data version, the scope of
what the user may see (role groups, organisation, superuser), the language and the full
path with its query. A part cached under an older version is never read again, so a page
never shows data older than the last write, on any process: the version lives in the
shared `default` cache (a directory on this host, see settings.CACHES), the rendered
parts in each process's own `template_fragments` memory.

Rules for a cached part: it may not contain a CSRF token or anything else that belongs to
one request (the messages, a form bound to POST data); its queries must run inside it
(pass querysets or `SimpleLazyObject`s, not evaluated lists), or the hit saves nothing.
"""

import logging
import re
import uuid

from django.core.cache import cache, caches
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.utils import translation
from django.utils.functional import SimpleLazyObject

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:data-version"
# The portal's apps: a write to any of their tables changes what pages show.
APPS = ("accounts", "campaigns", "clusters", "awards", "reports", "summaries")
# Tables written often that no cached part shows: summary build progress, task heartbeats.
IGNORED_TABLES = frozenset({"summaries_summaryfile", "reports_taskheartbeat"})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?`?(\w+)', re.IGNORECASE)
_TABLE_OF_PORTAL = re.compile(rf"^(?:{'|'.join(APPS)})_")


def data_version():
    """The current data version: a random token replaced on every write.

    When the cache cannot be read, a token of this request alone: nothing is reused.
    """
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, timeout=None):
                version = cache.get(VERSION_KEY, version)
    except Exception:  # a full or read-only disk must not take the pages down
        logger.exception("Page cache: the data version cannot be read")
        return uuid.uuid4().hex
    return version


def bump():
    """Set a new data version: every cached part becomes stale at once.

    A write to the database never fails because of the cache; if the new version cannot
    be stored, parts expire within their timeout (10 minutes) and the error is logged.
    """
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("Page cache: a new data version cannot be stored")


def writes_portal_table(sql):
    if sql.lstrip()[:6].upper() not in ("INSERT", "UPDATE", "DELETE"):
        return False
    match = _WRITE.match(sql)
    if match is None:
        return False
    table = match.group(1)
    return bool(_TABLE_OF_PORTAL.match(table)) and table not in IGNORED_TABLES


def _bump_after_commit():
    bump()


def _written(connection):
    # Now, for reads later in the same transaction (and tests, which never commit); and
    # again at commit, so a part rendered from the old rows while the transaction was
    # open is not reused. One commit callback per transaction, however many writes.
    bump()
    if connection.in_atomic_block and not any(
        callback is _bump_after_commit for _sids, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_bump_after_commit, using=connection.alias, robust=True)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if writes_portal_table(sql):
        _written(context["connection"])
    return result


def watch(connection, **kwargs):
    """Have `connection` report its writes (once per connection wrapper)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install():
    """Watch every database connection, those open already and those to come."""
    connection_created.connect(watch, dispatch_uid="emulation_portal.fragments.watch")
    for connection in connections.all(initialized_only=True):
        watch(connection)


def remember(key_parts, compute, timeout=600):
    """`compute()`, kept in this process under the data version and `key_parts` for `timeout` seconds."""
    store = caches["template_fragments"]
    key = "|".join(("value", data_version(), *map(str, key_parts)))
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value, timeout)
    return value


def scope(user):
    """What decides what `user` may see: role groups, organisation and superuser status."""
    if not user.is_authenticated:
        return "anonymous"
    from accounts.permissions import role_names

    roles = ",".join(sorted(role_names(user)))
    return f"{roles}|{user.organization_id}|{int(user.is_superuser)}"


def page_key(request):
    return "|".join((data_version(), scope(request.user), translation.get_language() or "", request.get_full_path()))


def page_cache(request):
    """Context processor: `page_key`, read only when a template uses it."""
    return {"page_key": SimpleLazyObject(lambda: page_key(request))}
