"""Article messages from the formats people have: JSONL, text, HTML pages, RSS/Atom feeds, archives.

`iter_articles(paths)` yields, in a stable order, either an `ArticleRecord` (an article dict in the
shape of schemas/article.schema.json, plus where it came from) or a `ReadError` (path, line, reason).
One bad line or file never stops the others.

Ids (content-derived, so publishing the same thing twice overwrites instead of duplicating):
- JSONL / JSON / archives: the message's own `id`.
- `.txt`: one article per file; id `txt-<hash of the text>` (so a moved or renamed file keeps its
  id and two copies of a text are one article); title = first line when it is short.
- HTML pages and feed items: `url-<hash of the URL>` when a URL is known (the canonical link of a
  page, an item's link), so a page and the feed item pointing at it are the same article; otherwise
  a feed item's guid, or `html-<hash of the extracted text>`.
Every article keeps its published time as its source wrote it, in any form the one parser accepts
(streams/published.py); decoding, the worker's and `extract`'s alike, normalizes it to UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from streams.ids import stable_id
from streams.ingest.archive import ArchiveLineError, ArchivedMessage, iter_archive, looks_like_archive_line, open_text_lines
from streams.ingest.times import iso
from streams.published import InvalidPublished, parse_published

TITLE_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    article: dict[str, Any]
    path: str
    line: int | None = None
    # Kept from an archive so a replay into a topic can reuse them.
    kafka_timestamp: int | None = None
    kafka_key: bytes | None = None

    @property
    def origin(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class ReadError:
    path: str
    line: int | None
    reason: str

    @property
    def origin(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


ReadItem = ArticleRecord | ReadError

FORMATS = ("jsonl", "json", "archive", "text", "html", "feed")
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",  # sniffed further: an archive is NDJSON too
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


# --------------------------------------------------------------------------------------------- entry


def iter_articles(paths: Iterable[str | Path]) -> Iterator[ReadItem]:
    """Every article in the given files and directories (directories recursively, in sorted order)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            for file in files:
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield ReadError(str(path), None, "no such file or directory")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_file(path: Path) -> Iterator[ReadItem]:
    try:
        kind = detect_format(path)
    except OSError as exc:
        yield ReadError(str(path), None, f"cannot read: {exc}")
        return
    if kind is None:
        yield ReadError(str(path), None, "unrecognized format (expected JSONL, JSON, text, HTML, RSS/Atom or an archive)")
        return
    reader = {
        "jsonl": read_jsonl,
        "json": read_json,
        "archive": read_archive,
        "text": read_text,
        "html": read_html,
        "feed": read_feed,
    }[kind]
    try:
        yield from reader(path)
    except OSError as exc:
        yield ReadError(str(path), None, f"cannot read: {exc}")


def detect_format(path: Path) -> str | None:
    """By extension, refined by sniffing the first bytes (an .ndjson may be an archive; gzip is opened)."""
    name = path.name.lower()
    base = name.removesuffix(".gz")
    suffix = Path(base).suffix
    with open_text_lines(path) as handle:
        head = handle.read(4096)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    by_extension = _EXTENSIONS.get(suffix)
    if by_extension in ("jsonl", "json", None) and stripped.startswith(b"{"):
        first_line = stripped.split(b"\n", 1)[0]
        if looks_like_archive_line(first_line):
            return "archive"
        if by_extension is None:
            return "jsonl"
    if by_extension is not None:
        return by_extension
    # Unknown extension: decide by content.
    lowered = stripped[:1024].lower()
    if stripped.startswith(b"["):
        return "json"
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 4 KiB boundary
            return None
    return "text" if stripped else None


def validate_article(data: Any) -> dict[str, Any]:
    """The worker's validation of an article message (schema, published time); ValueError with the reason."""
    from streams.app.handlers import article_from_dict
    from streams.errors import InvalidMessage

    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    try:
        article_from_dict(data)
    except InvalidMessage as exc:
        raise ValueError(exc.reason) from None
    return data


# --------------------------------------------------------------------------------------------- JSON


def read_jsonl(path: Path) -> Iterator[ReadItem]:
    with open_text_lines(path) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
                yield ArticleRecord(validate_article(data), str(path), number)
            except orjson.JSONDecodeError as exc:
                yield ReadError(str(path), number, f"not JSON: {exc}")
            except ValueError as exc:
                yield ReadError(str(path), number, str(exc))


def read_json(path: Path) -> Iterator[ReadItem]:
    """A file holding one article object, a JSON array of them, or (despite its name) JSONL."""
    with open_text_lines(path) as handle:
        raw = handle.read()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        yield from read_jsonl(path)
        return
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items, start=1):
        try:
            yield ArticleRecord(validate_article(item), str(path), index if isinstance(data, list) else None)
        except ValueError as exc:
            yield ReadError(str(path), index if isinstance(data, list) else None, str(exc))


def read_archive(path: Path) -> Iterator[ReadItem]:
    for entry in iter_archive(path):
        if isinstance(entry, ArchiveLineError):
            yield ReadError(entry.path, entry.line, entry.reason)
            continue
        yield archived_to_record(entry, str(path))


def archived_to_record(entry: ArchivedMessage, path: str) -> ReadItem:
    if entry.value_object is None:
        return ReadError(path, entry.line, "archived message is not a JSON object (kept as value_b64)")
    try:
        article = validate_article(entry.value_object)
    except ValueError as exc:
        return ReadError(path, entry.line, str(exc))
    return ArticleRecord(article, path, entry.line, kafka_timestamp=entry.timestamp, kafka_key=entry.key)


# --------------------------------------------------------------------------------------------- text


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise ValueError("cannot decode the file as text") from None
        return str(best)


def read_text(path: Path) -> Iterator[ReadItem]:
    with open_text_lines(path) as handle:
        raw = handle.read()
    try:
        text = _decode(raw).replace("\r\n", "\n")
    except ValueError as exc:
        yield ReadError(str(path), None, str(exc))
        return
    if not text.strip():
        yield ReadError(str(path), None, "empty text file")
        return
    article: dict[str, Any] = {"id": "txt-" + stable_id("text", text.strip())[:24], "text": text}
    first_line = text.strip().split("\n", 1)[0].strip()
    if 0 < len(first_line) <= TITLE_MAX_CHARS and "\n" in text.strip():
        article["title"] = first_line
    yield _checked(article, path)


def _checked(article: dict[str, Any], path: Path, line: int | None = None) -> ReadItem:
    try:
        return ArticleRecord(validate_article(article), str(path), line)
    except ValueError as exc:
        return ReadError(str(path), line, str(exc))


# --------------------------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header footer dd dt figcaption".split()
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "sailthru.date",
)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become paragraph breaks, tags and scripts vanish."""
    if "<" not in fragment:
        return _tidy(_unescape(fragment))
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(_unescape(re.sub(r"<[^>]+>", " ", fragment)))
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    pieces: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            pieces.append("\n\n")
        if node.text and tag:
            pieces.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if tag in _BLOCK_TAGS:
            pieces.append("\n\n")

    walk(root)
    return _tidy("".join(pieces))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _html_published(tree: Any) -> str | None:
    """The page's own publication time with its offset (meta tags, JSON-LD, <time>), before guessing."""
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name in _PUBLISHED_META:
            found = _published_text(meta.get("content"))
            if found is not None:
                return found
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found = _jsonld_published(script.text)
            if found:
                return found
    for node in tree.iter("time"):
        if node.get("pubdate") is not None or (node.get("itemprop") or "").lower() == "datepublished":
            found = _published_text(node.get("datetime"))
            if found is not None:
                return found
    return None


def _published_text(value: str | None) -> str | None:
    """`value` when the one published-time parser accepts it (decoding normalizes it), else None."""
    try:
        return value.strip() if value and parse_published(value) is not None else None
    except InvalidPublished:
        return None


def _jsonld_published(raw: str) -> str | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str) and _published_text(value) is not None:
                return value.strip()
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return None


def _lang(value: str | None) -> str | None:
    """ISO 639-1 primary subtag of a language tag ("en-US" -> "en"), else None."""
    if not value:
        return None
    primary = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None


def read_html(path: Path) -> Iterator[ReadItem]:
    with open_text_lines(path) as handle:
        raw = handle.read()
    yield html_article(raw, str(path))


def html_article(raw: bytes | str, origin: str, *, url: str | None = None) -> ReadItem:
    """One article from an HTML page: trafilatura finds the main text, title, canonical URL and site."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError) as exc:
        return ReadError(origin, None, f"not HTML: {exc}")
    document = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    body = getattr(document, "text", None) if document is not None else None
    if not body or not body.strip():
        return ReadError(origin, None, "no main text found in the page")
    title = getattr(document, "title", None) or None
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if title and lines and lines[0] == title.strip():
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    if not lines:
        return ReadError(origin, None, "the page has a title but no text")
    text = "\n\n".join(lines)
    page_url = url or getattr(document, "url", None) or None
    published = _html_published(tree)
    if published is None and getattr(document, "date", None):
        published = _published_text(str(document.date)[:10])  # trafilatura guesses a day, not a time
    article: dict[str, Any] = {
        "id": ("url-" + stable_id("url", page_url)[:24]) if page_url else ("html-" + stable_id("html", text)[:24]),
        "text": text,
        "title": title,
        "url": page_url,
        "lang": _lang(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        "published": published,
        "source": getattr(document, "sitename", None) or None,
    }
    return _checked({k: v for k, v in article.items() if v is not None}, Path(origin))


# --------------------------------------------------------------------------------------------- feeds


def read_feed(path: Path) -> Iterator[ReadItem]:
    import feedparser

    with open_text_lines(path) as handle:
        raw = handle.read()
    parsed = feedparser.parse(raw)
    if not parsed.entries:
        reason = f"not a feed: {parsed.bozo_exception}" if parsed.bozo else "feed has no items"
        yield ReadError(str(path), None, reason)
        return
    feed = parsed.feed
    source = feed.get("title") or None
    lang = _lang(feed.get("language"))
    for index, entry in enumerate(parsed.entries, start=1):
        yield feed_entry_article(entry, str(path), index, source=source, lang=lang)


def _entry_published(entry: Any) -> str | None:
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = entry.get(raw_key)
        if raw and _published_text(raw) is not None:
            return raw.strip()  # as the feed wrote it (RFC 2822 with its offset): decoding normalizes
        parsed = entry.get(parsed_key)
        if parsed:
            from calendar import timegm
            from datetime import UTC, datetime

            return iso(datetime.fromtimestamp(timegm(parsed), tz=UTC))
    return None


def feed_entry_article(entry: Any, path: str, index: int, *, source: str | None, lang: str | None) -> ReadItem:
    """One feed item: its link, title, date and the fullest body it has (content, else summary)."""
    body_html = ""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value) > len(body_html):
            body_html = value
    if not body_html:
        body_html = entry.get("summary") or ""
    title = html_to_text(entry.get("title") or "") or None
    text = html_to_text(body_html)
    if not text:
        if not title:
            return ReadError(path, index, "feed item has neither text nor title")
        text = title  # a headline alone still states an event
    link = entry.get("link") or None
    guid = entry.get("id") or None
    if link:
        article_id = "url-" + stable_id("url", link)[:24]
    elif guid:
        article_id = "guid-" + stable_id("guid", guid)[:24]
    else:
        article_id = "item-" + stable_id("item", title, text)[:24]
    entry_lang = None
    for content in entry.get("content") or []:
        entry_lang = entry_lang or _lang(content.get("language"))
    article: dict[str, Any] = {
        "id": article_id,
        "text": text,
        "title": title,
        "url": link,
        "lang": entry_lang or lang,
        "published": _entry_published(entry),
        "source": source,
    }
    return _checked({k: v for k, v in article.items() if v is not None}, Path(path), index)
