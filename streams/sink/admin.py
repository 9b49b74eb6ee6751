"""Index lifecycle: templates, versioned indices behind aliases, status, atomic swap and rollback.

Layout (see schemas/elasticsearch/README.md): physical indices `{alias}-v{N}` (e.g. `events-v1`)
and ONE alias per kind (`events`, `articles`) that is both the read alias and the write alias: it
points at one index with `is_write_index: true`. Readers, Kibana and the writer use the same name,
and a swap moves reads and writes together in one atomic `_aliases` call. The index a swap replaced
is remembered in the new index's mapping `_meta`, so `rollback` needs no state outside the cluster.
"""

from __future__ import annotations

import copy
import logging
from functools import cache
from typing import Any

import elasticsearch
import orjson

from streams.config import Settings
from streams.errors import OperatorError
from streams.packaged import packaged

log = logging.getLogger(__name__)

SCHEMA_DIR = packaged("schemas", "elasticsearch")
KINDS = ("events", "articles", "incidents")
TEMPLATE_PRIORITY = 200  # above the built-in templates of x-pack (100 and below)


class AdminError(OperatorError, RuntimeError):
    """An index operation that cannot proceed (missing index, nothing to roll back to...)."""

    check = "`eventwire index status` lists the indices, their versions and the aliases"


@cache
def _load(name: str) -> dict[str, Any]:
    return orjson.loads((SCHEMA_DIR / name).read_bytes())


def _inline_refs(node: Any, shapes: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            return copy.deepcopy(shapes[node["$ref"]])
        return {key: _inline_refs(value, shapes) for key, value in node.items()}
    return node


# Sub-fields whose only purpose is a language analyzer of the analysis-common module.
LANGUAGE_ANALYZERS = frozenset({"ew_arabic", "ew_english"})


def render_mappings(kind: str, *, analysis_common: bool = True) -> dict[str, Any]:
    """The mapping of `events` or `articles` with the shared object shapes inlined.

    Without analysis-common the language analyzers fall back to `standard`, which would make every
    `.ar`/`.en` sub-field a copy of its parent field, analyzed again for each document (the full
    article text four times instead of twice): those sub-fields are left out. Searches that name
    them still run (a multi_match skips fields an index does not have)."""
    shapes = {k: v for k, v in _load("shared.mappings.json").items() if k != "about"}
    mappings = _inline_refs(_load(f"{kind}.mappings.json"), shapes)
    if not analysis_common:
        _drop_language_subfields(mappings)
    return mappings


def _drop_language_subfields(node: Any) -> None:
    if isinstance(node, dict):
        subfields = node.get("fields")
        if isinstance(subfields, dict):
            for name in [n for n, spec in subfields.items() if spec.get("analyzer") in LANGUAGE_ANALYZERS]:
                del subfields[name]
        for value in node.values():
            _drop_language_subfields(value)


def refresh_interval(settings: Settings, kind: str) -> str | None:
    """Events and articles are searchable at `refresh_interval`; incidents, rewritten as reports
    come in and never on the publish-to-searchable path, at `incident_refresh_interval`, or, when
    that is empty (the default), at Elasticsearch's own: every second while the index is searched,
    not at all while nobody searches it (None: the setting is left unset)."""
    if kind == "incidents":
        return settings.incident_refresh_interval or None
    return settings.refresh_interval


def render_index_settings(settings: Settings, kind: str) -> dict[str, Any]:
    rendered = {
        **copy.deepcopy(_load("index.settings.json")["settings"]),
        **replica_settings(settings.replicas_of(kind)),
    }
    if (interval := refresh_interval(settings, kind)) is not None:
        rendered["refresh_interval"] = interval
    return rendered


def replica_settings(replicas: str) -> dict[str, Any]:
    """"2" -> a fixed replica count; "0-1" or "1-all" -> Elasticsearch's auto-expand range."""
    if replicas.isdigit():
        return {"number_of_replicas": int(replicas), "auto_expand_replicas": False}
    return {"auto_expand_replicas": replicas}


def render_analysis(*, analysis_common: bool) -> dict[str, Any]:
    return copy.deepcopy(_load("analysis.json")["with_analysis_common" if analysis_common else "fallback"])


def alias_for(settings: Settings, kind: str) -> str:
    return {"events": settings.events_alias, "articles": settings.articles_alias, "incidents": settings.incidents_alias}[kind]


def index_name(settings: Settings, kind: str, version: int | None = None) -> str:
    return f"{alias_for(settings, kind)}-v{version or settings.index_version}"


def _kind_of_alias(settings: Settings, alias_or_kind: str) -> str:
    for kind in KINDS:
        if alias_or_kind in (kind, alias_for(settings, kind)):
            return kind
    expected = ", ".join(repr(alias_for(settings, kind)) for kind in KINDS)
    raise AdminError(f"unknown alias {alias_or_kind!r}; expected one of {expected}")


async def cluster_has_analysis_common(client: elasticsearch.AsyncElasticsearch) -> bool:
    """True when every node has the analysis-common module (the `arabic`/`english` analyzers)."""
    try:
        info = await client.nodes.info(metric="plugins", filter_path="nodes.*.modules.name")
    except elasticsearch.AuthorizationException:
        # No monitor privilege: every real distribution ships the module; only the test zip lacks it.
        log.warning("cannot read the cluster's modules; assuming analysis-common is present")
        return True
    nodes = (info.body.get("nodes") or {}).values()
    return bool(nodes) and all(
        any(module.get("name") == "analysis-common" for module in node.get("modules", [])) for node in nodes
    )


async def put_templates(client: elasticsearch.AsyncElasticsearch, settings: Settings, *, analysis_common: bool) -> list[str]:
    names: list[str] = []
    analysis = render_analysis(analysis_common=analysis_common)
    for kind in KINDS:
        alias = alias_for(settings, kind)
        index_settings = render_index_settings(settings, kind)
        mappings = render_mappings(kind, analysis_common=analysis_common)
        meta = {"eventwire": {"kind": kind, "mapping_version": mappings["_meta"]["eventwire"]["mapping_version"]}}
        await client.cluster.put_component_template(
            name=f"{alias}-settings", template={"settings": index_settings}, meta=meta
        )
        # The analyzers travel with the mappings: each component template is validated on its own.
        await client.cluster.put_component_template(
            name=f"{alias}-mappings", template={"settings": {"analysis": analysis}, "mappings": mappings}, meta=meta
        )
        await client.indices.put_index_template(
            name=alias,
            index_patterns=[f"{alias}-v*"],
            composed_of=[f"{alias}-settings", f"{alias}-mappings"],
            priority=TEMPLATE_PRIORITY,
            meta=meta,
        )
        names.append(alias)
    return names


async def _alias_indices(client: elasticsearch.AsyncElasticsearch, alias: str) -> dict[str, bool]:
    """Index -> is_write_index for the indices behind `alias` (empty when the alias does not exist)."""
    try:
        response = await client.indices.get_alias(name=alias)
    except elasticsearch.NotFoundError:
        return {}
    found: dict[str, bool] = {}
    for index, body in response.body.items():
        spec = body.get("aliases", {}).get(alias, {})
        found[index] = bool(spec.get("is_write_index", len(response.body) == 1))
    return found


async def init_indices(
    client: elasticsearch.AsyncElasticsearch, settings: Settings, version: int | None = None
) -> dict[str, Any]:
    """Templates, the indices of `version` and, where missing, the aliases. Safe to run again.

    An alias that already exists stays where it is (moving it is `swap_alias`'s job), so
    `init --version 2` prepares the next version beside the live one.
    """
    version = version or settings.index_version
    analysis_common = await cluster_has_analysis_common(client)
    await put_templates(client, settings, analysis_common=analysis_common)
    report: dict[str, Any] = {"analysis": "arabic/english" if analysis_common else "standard (fallback)", "indices": {}, "aliases": {}}
    for kind in KINDS:
        alias, index = alias_for(settings, kind), index_name(settings, kind, version)
        try:
            await client.indices.create(index=index)
            report["indices"][index] = "created"
        except elasticsearch.BadRequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
            # Settings that may change between runs are applied to the existing index explicitly
            # (None resets the refresh interval to Elasticsearch's default).
            await client.indices.put_settings(index=index, settings={"refresh_interval": refresh_interval(settings, kind)})
            report["indices"][index] = "exists"
        current = await _alias_indices(client, alias)
        if not current:
            await client.indices.update_aliases(actions=[{"add": {"index": index, "alias": alias, "is_write_index": True}}])
            report["aliases"][alias] = f"created -> {index}"
        else:
            report["aliases"][alias] = "kept -> " + ",".join(sorted(current))
    return report


async def _meta(client: elasticsearch.AsyncElasticsearch, index: str) -> dict[str, Any]:
    response = await client.indices.get_mapping(index=index)
    return dict(response.body[index]["mappings"].get("_meta") or {})


async def _remember(client: elasticsearch.AsyncElasticsearch, index: str, **fields: Any) -> None:
    meta = await _meta(client, index)
    meta["eventwire"] = {**meta.get("eventwire", {}), **fields}
    await client.indices.put_mapping(index=index, meta=meta)


def _resolve_target(settings: Settings, kind: str, new: int | str) -> str:
    if isinstance(new, int) or (isinstance(new, str) and new.isdigit()):
        return index_name(settings, kind, int(new))
    return new


async def _move_alias(client: elasticsearch.AsyncElasticsearch, alias: str, target: str, current: dict[str, bool]) -> None:
    actions: list[dict[str, Any]] = [{"remove": {"index": index, "alias": alias}} for index in current if index != target]
    actions.append({"add": {"index": target, "alias": alias, "is_write_index": True}})
    await client.indices.update_aliases(actions=actions)  # one call: readers never see no index


async def swap_alias(
    client: elasticsearch.AsyncElasticsearch, settings: Settings, alias_base: str, new_version: int | str
) -> dict[str, Any]:
    """Point `alias_base` (`events`/`articles`) at `new_version` (a number or an index name), atomically."""
    kind = _kind_of_alias(settings, alias_base)
    alias = alias_for(settings, kind)
    target = _resolve_target(settings, kind, new_version)
    if not await client.indices.exists(index=target):
        raise AdminError(f"index {target!r} does not exist (create it with `eventwire index init --version N`)")
    if target == alias or not target.startswith(f"{alias}-v"):
        raise AdminError(f"{target!r} is not a version of {alias!r} (expected {alias}-vN)")
    current = await _alias_indices(client, alias)
    previous = next((index for index, is_write in current.items() if is_write), None)
    if previous == target and len(current) == 1:
        return {"alias": alias, "index": target, "previous": None, "changed": False}
    if previous and previous != target:
        await _remember(client, target, previous_index=previous)
    await _move_alias(client, alias, target, current)
    return {"alias": alias, "index": target, "previous": previous, "changed": True}


async def rollback(client: elasticsearch.AsyncElasticsearch, settings: Settings, alias_base: str) -> dict[str, Any]:
    """Point the alias back at the index the last swap replaced."""
    kind = _kind_of_alias(settings, alias_base)
    alias = alias_for(settings, kind)
    current = await _alias_indices(client, alias)
    live = next((index for index, is_write in current.items() if is_write), None)
    if live is None:
        raise AdminError(f"alias {alias!r} has no write index")
    previous = (await _meta(client, live)).get("eventwire", {}).get("previous_index")
    if not previous:
        raise AdminError(f"{live!r} records no previous index: nothing to roll back to")
    if not await client.indices.exists(index=previous):
        raise AdminError(f"previous index {previous!r} no longer exists")
    await _remember(client, previous, rolled_back_from=live)
    await _move_alias(client, alias, previous, current)
    return {"alias": alias, "index": previous, "rolled_back_from": live}


async def index_status(client: elasticsearch.AsyncElasticsearch, settings: Settings) -> dict[str, Any]:
    """Versions, aliases, document counts and analyzers of the project's indices."""
    # `GET /` is not served by the minimal distribution (no rest-root module): ask the nodes instead.
    nodes = (await client.nodes.info(filter_path="cluster_name,nodes.*.version")).body
    versions = sorted({node.get("version") for node in (nodes.get("nodes") or {}).values()})
    status: dict[str, Any] = {
        "cluster": {"name": nodes.get("cluster_name"), "version": ",".join(v for v in versions if v)},
        "aliases": {},
        "indices": [],
    }
    for kind in KINDS:
        alias = alias_for(settings, kind)
        current = await _alias_indices(client, alias)
        status["aliases"][alias] = {
            "indices": sorted(current),
            "write_index": next((index for index, is_write in current.items() if is_write), None),
        }
        pattern = f"{alias}-v*"
        found = (await client.indices.get(index=pattern, allow_no_indices=True, expand_wildcards="open,closed")).body
        if not found:
            continue
        counts = {
            row["index"]: row
            for row in (await client.cat.indices(index=pattern, format="json", h="index,health,status,docs.count")).body
        }
        for index in sorted(found):
            body = found[index]
            index_settings = body.get("settings", {}).get("index", {})
            analyzer = index_settings.get("analysis", {}).get("analyzer", {}).get("ew_arabic", {}).get("type")
            meta = (body.get("mappings", {}).get("_meta") or {}).get("eventwire", {})
            row = counts.get(index, {})
            suffix = index.rsplit("-v", 1)[-1]
            status["indices"].append(
                {
                    "index": index,
                    "kind": kind,
                    "version": int(suffix) if suffix.isdigit() else None,
                    "aliases": sorted(body.get("aliases", {})),
                    "is_write_index": current.get(index, False),
                    "docs": int(row["docs.count"]) if row.get("docs.count") not in (None, "") else None,
                    "health": row.get("health"),
                    "status": row.get("status"),
                    "refresh_interval": index_settings.get("refresh_interval", "default"),  # unset: 1s, none while unsearched
                    "arabic_analyzer": analyzer,
                    "mapping_version": meta.get("mapping_version"),
                    "previous_index": meta.get("previous_index"),
                }
            )
    return status


async def delete_indices_and_templates(client: elasticsearch.AsyncElasticsearch, settings: Settings) -> list[str]:
    """Remove every `{alias}-v*` index and the templates of `settings` (tests, a fresh start)."""
    deleted: list[str] = []
    for kind in KINDS:
        alias = alias_for(settings, kind)
        found = (await client.indices.get(index=f"{alias}-v*", allow_no_indices=True, expand_wildcards="all")).body
        for index in sorted(found):  # by name: clusters refuse wildcard deletes
            await client.indices.delete(index=index)
            deleted.append(index)
        for delete, name in (
            (client.indices.delete_index_template, alias),
            (client.cluster.delete_component_template, f"{alias}-settings"),
            (client.cluster.delete_component_template, f"{alias}-mappings"),
        ):
            try:
                await delete(name=name)
            except elasticsearch.NotFoundError:
                pass
    return deleted
