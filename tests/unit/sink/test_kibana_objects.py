import http.server
import json
import threading

import pytest
from pydantic import SecretStr

from tests.unit.sink.kibana_fields import (
    NDJSON,
    VIEW_KIND,
    dashboard_controls,
    default_filters,
    load_objects,
    mapping_fields,
    referenced_fields,
)
from streams.config import Settings
from streams.retry import Backoff
from streams.sink.admin import render_mappings
from streams.sink.kibana import KibanaImportError, import_saved_objects, load_saved_objects, render_saved_objects
from tests.unit.scripts import load_script

AGGREGATABLE = {"keyword", "date", "float", "byte", "integer", "long", "boolean", "geo_point"}


def test_the_ndjson_is_what_the_generator_writes():
    assert NDJSON.read_text(encoding="utf-8") == load_script("deploy/kibana/generate.py").render()


def test_objects_parse_and_every_reference_resolves():
    objects = load_objects()
    ids = {(o["type"], o["id"]) for o in objects}
    kinds = {o["type"] for o in objects}
    assert {"index-pattern", "search", "lens", "map", "dashboard"} <= kinds
    for obj in objects:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in ids, (obj["id"], ref)
    boards = {o["id"]: o for o in objects if o["type"] == "dashboard"}
    assert set(boards) == {"eventwire-overview", "eventwire-incidents-overview"}
    for board, count in ((boards["eventwire-overview"], 6), (boards["eventwire-incidents-overview"], 7)):
        panels = json.loads(board["attributes"]["panelsJSON"])
        names = {ref["name"] for ref in board["references"]}
        assert {p["panelRefName"] for p in panels} <= names and len(panels) == count
        assert {p["type"] for p in panels} == {"map", "lens", "search"}
    panel_ids = {ref["id"] for ref in boards["eventwire-overview"]["references"] if ref["type"] in {"map", "lens", "search"}}
    assert "eventwire-events-by-source" in panel_ids


def test_every_events_panel_has_an_incidents_twin_on_the_incidents_dashboard():
    objects = {o["id"]: o for o in load_objects()}

    def panel_objects(board_id):
        return [objects[ref["id"]] for ref in objects[board_id]["references"]]

    # Events per source counts article_source, one value per event; incidents carry many sources each, and
    # their dashboard ranks them instead ("Top incidents by sources").
    events = [o for o in panel_objects("eventwire-overview") if o["type"] in ("lens", "map")
              and o["id"] != "eventwire-events-by-source"]
    incidents = {o["id"]: o for o in panel_objects("eventwire-incidents-overview")}
    for obj in events:
        twin = next((t for t in incidents.values() if t["type"] == obj["type"] and t["id"].startswith(obj["id"].replace("-events-", "-incidents-"))
                     and t["id"] != obj["id"]), None)
        assert twin is not None, obj["id"]
        assert referenced_fields(twin)[0] == "eventwire-incidents"
        assert referenced_fields(twin)[1] == referenced_fields(obj)[1], "the same fields, over incidents"


def test_every_referenced_field_exists_in_the_index_templates():
    fields = {kind: mapping_fields(render_mappings(kind)["properties"]) for kind in ("events", "articles", "incidents")}
    checked = 0
    for obj in load_objects():
        view, names = referenced_fields(obj)
        known = fields[VIEW_KIND[view]]
        for name in names:
            assert name in known, f"{obj['id']} references {name!r}, not in the {VIEW_KIND[view]} mapping"
            checked += 1
        if obj["type"] in ("lens", "map", "dashboard"):
            assert all(known[n] in AGGREGATABLE for n in names if n not in {"sentence.text", "article_title"}), obj["id"]
    assert checked > 30


def test_import_renders_data_view_titles_from_settings():
    settings = Settings().with_overrides(events_alias="ev", articles_alias="ar", incidents_alias="in")
    views = [o for o in render_saved_objects(load_saved_objects([NDJSON]), settings) if o["type"] == "index-pattern"]
    assert sorted(v["attributes"]["title"] for v in views) == ["ar", "ev", "in"]


class _Kibana(http.server.BaseHTTPRequestHandler):
    answers: list[tuple[int, dict]] = []
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - the status check before each import attempt
        payload = b'{"status": {"overall": {"level": "available"}}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        status, answer = type(self).answers.pop(0)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def kibana_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Kibana)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Kibana.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_import_posts_multipart_with_overwrite_and_retries_while_kibana_starts(kibana_endpoint):
    _Kibana.answers = [(503, {"message": "Kibana server is not ready yet"}), (200, {"success": True, "successCount": 11})]
    settings = Settings().with_overrides(es_username="elastic", es_password=SecretStr("secret"))
    answer = import_saved_objects(settings, url=kibana_endpoint, wait=30, backoff=Backoff(base=0.01, cap=0.01, max_attempts=3))
    assert answer["successCount"] == 11 and answer["objects_sent"] == len(load_objects())
    request = _Kibana.seen[-1]
    assert len(_Kibana.seen) == 2
    assert request["path"] == "/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["kbn-xsrf"] and request["headers"]["authorization"].startswith("Basic ")
    assert request["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="eventwire.ndjson"' in request["body"]
    payload = request["body"].split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0]
    sent = [json.loads(line) for line in payload.splitlines()]
    assert [o["id"] for o in sent] == [o["id"] for o in load_objects()]


def test_import_reports_kibana_errors(kibana_endpoint):
    _Kibana.answers = [(200, {"success": False, "errors": [{"id": "x", "error": {"type": "missing_references"}}]})]
    with pytest.raises(KibanaImportError, match="missing_references"):
        import_saved_objects(Settings(), url=kibana_endpoint, backoff=Backoff(base=0.01, cap=0.01, max_attempts=2))


def board(board_id: str = "eventwire-overview"):
    return next(o for o in load_objects() if o["type"] == "dashboard" and o["id"] == board_id)


def test_the_dashboard_has_a_control_for_each_analyst_filter():
    controls = dashboard_controls(board())
    fields = {c["explicitInput"]["fieldName"]: c for c in controls.values()}
    assert set(fields) == {"actor_countries", "actor_codes", "event.plover", "event.modality", "lang", "article_source"}
    assert all(c["type"] == "optionsListControl" and c["explicitInput"]["dataViewId"] == "eventwire-events" for c in controls.values())
    names = {ref["name"] for ref in board()["references"]}
    assert {f"controlGroup_{cid}:optionsListDataView" for cid in controls} <= names


def test_the_panels_open_on_asserted_events_only():
    assert default_filters(board()) == [{"terms": {"event.modality": ["asserted"]}}]
    assert default_filters(board("eventwire-incidents-overview")) == [{"terms": {"event.modality": ["asserted"]}}]


def test_the_incidents_dashboard_filters_incidents():
    controls = dashboard_controls(board("eventwire-incidents-overview"))
    fields = {c["explicitInput"]["fieldName"] for c in controls.values()}
    assert fields == {"participants", "event.plover", "event.modality", "languages", "sources"}
    assert all(c["explicitInput"]["dataViewId"] == "eventwire-incidents" for c in controls.values())


def test_the_map_plots_venues_only():
    venue_map = next(o for o in load_objects() if o["id"] == "eventwire-venue-map")
    layer = next(l for l in json.loads(venue_map["attributes"]["layerListJSON"]) if l["sourceDescriptor"]["type"] == "ES_SEARCH")
    assert layer["query"] == {"query": 'location.role : "venue"', "language": "kuery"}
    assert layer["sourceDescriptor"]["applyGlobalQuery"]  # and the dashboard's controls apply to it
