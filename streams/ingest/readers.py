"""Article messages from every input people have, for `eventwire publish` and `eventwire extract` alike.

`iter_articles(paths)` yields, in a stable order, either an `ArticleRecord` (an article dict in the
shape of schemas/article.schema.json, plus where it came from) or a `ReadError` (origin, line,
reason). One bad line or file never stops the others. Inputs:
- JSONL (one message a line), a JSON file holding one object or an array (pretty-printed or not),
  eventwire's own archives (`eventwire archive` NDJSON), `.txt`, HTML pages, RSS/Atom feeds;
- directories (recursively, sorted, hidden files skipped), `.gz` files of any of these, and `.zip`
  and `.tar[.gz|.bz2|.xz]` bundles (each member read as a file of its own name);
- `-`: standard input, JSONL when it starts with `{`, else one plain-text article.
Text is UTF-8 (a BOM is fine), else its encoding is detected (charset-normalizer: UTF-16, cp1256...).

Ids (content-derived, so publishing the same thing twice overwrites instead of duplicating):
- JSONL / JSON / archives: the message's own `id`.
- `.txt` and plain text on stdin: one article per file; id `txt-<hash of the text>` (so a moved or
  renamed file keeps its id and two copies of a text are one article); title = first line when it
  is short. `publish` and `extract` read a text the same way, so their event ids agree.
- HTML pages and feed items: `url-<hash of the URL>` when a URL is known (the canonical link of a
  page, an item's link), so a page and the feed item pointing at it are the same article; otherwise
  a feed item's guid, or `html-<hash of the extracted text>`.
Every article keeps its published time as its source wrote it, in any form the one parser accepts
(streams/published.py); decoding, the worker's and `extract`'s alike, normalizes it to UTC.

With `max_text_chars` (EVENTWIRE_MAX_TEXT_CHARS) a longer text is cut and the article says so
(`truncated: true`, `original_length`); `truncations` reports each one to the caller.
"""

from __future__ import annotations

import io
import re
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any

import orjson

from streams.ids import stable_id
from streams.ingest.archive import ArchivedMessage, decode_line, looks_like_archive_line, open_text_lines
from streams.ingest.times import iso
from streams.models import limit_text
from streams.published import InvalidPublished, parse_published

TITLE_MAX_CHARS = 300
STDIN = "-"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


@dataclass(frozen=True, slots=True)
class Source:
    """One input file: where it came from, its name (for the extension) and a way to open it."""

    origin: str
    name: str
    opener: Callable[[], IO[bytes]]  # a fresh binary handle, gzip already seen through

    @classmethod
    def of_path(cls, path: Path) -> "Source":
        return cls(str(path), path.name, lambda: open_text_lines(path))

    @classmethod
    def of_bytes(cls, origin: str, name: str, raw: bytes) -> "Source":
        if raw[:2] == b"\x1f\x8b":
            import gzip

            raw = gzip.decompress(raw)
        return cls(origin, name, lambda: io.BytesIO(raw))

    def read(self) -> bytes:
        with self.opener() as handle:
            return handle.read()


FORMATS = ("jsonl", "json", "archive", "text", "html", "feed", "zip", "tar")
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
UNRECOGNIZED = "unrecognized format (expected JSONL, JSON, text, HTML, RSS/Atom, an archive, .zip or .tar)"


# --------------------------------------------------------------------------------------------- entry


def iter_articles(
    paths: Iterable[str | Path], *, max_text_chars: int | None = None, stdin: IO[bytes] | None = None
) -> Iterator[ReadItem]:
    """Every article in the given files, directories and `-` (standard input), in order; texts
    longer than `max_text_chars` are cut and marked (see `limit_text`)."""
    for item in _iter_sources(paths, stdin):
        if max_text_chars is not None and isinstance(item, ArticleRecord):
            limited = limit_text(item.article, max_text_chars)
            if limited is not item.article:
                item = replace(item, article=limited)
        yield item


def truncations(items: Iterable[ReadItem], note: Callable[[ArticleRecord], None]) -> Iterator[ReadItem]:
    """`items` unchanged, calling `note` for each article whose text was cut (both commands print it)."""
    for item in items:
        if isinstance(item, ArticleRecord) and item.article.get("truncated"):
            note(item)
        yield item


def truncation_message(record: ArticleRecord) -> str:
    article = record.article
    return (f"truncated {record.origin} (article {article['id']}): {article['original_length']:,} characters, "
            f"the first {len(article['text']):,} kept (EVENTWIRE_MAX_TEXT_CHARS)")


def _iter_sources(paths: Iterable[str | Path], stdin: IO[bytes] | None) -> Iterator[ReadItem]:
    for given in paths:
        if str(given) == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path).parts))
            for file in files:
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield ReadError(str(path), None, "no such file or directory")


def _hidden(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def read_file(path: Path) -> Iterator[ReadItem]:
    try:
        if zipfile.is_zipfile(path):
            yield from read_zip(path)
            return
        if tarfile.is_tarfile(path):
            yield from read_tar(path)
            return
    except OSError as exc:
        yield ReadError(str(path), None, f"cannot read: {exc}")
        return
    yield from read_source(Source.of_path(path))


def read_source(source: Source) -> Iterator[ReadItem]:
    try:
        with source.opener() as handle:
            head = handle.read(4096)
        kind = detect_kind(source.name, head)
    except OSError as exc:
        yield ReadError(source.origin, None, f"cannot read: {exc}")
        return
    if kind is None:
        yield ReadError(source.origin, None, UNRECOGNIZED)
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
        yield from reader(source)
    except OSError as exc:
        yield ReadError(source.origin, None, f"cannot read: {exc}")


def detect_format(path: Path) -> str | None:
    """The reader a file needs (one of FORMATS)."""
    if zipfile.is_zipfile(path):
        return "zip"
    if tarfile.is_tarfile(path):
        return "tar"
    with open_text_lines(path) as handle:
        return detect_kind(path.name, handle.read(4096))


def detect_kind(name: str, head: bytes) -> str | None:
    """By extension, refined by sniffing the first bytes (an .ndjson may be an archive)."""
    lowered_name = name.lower()
    base = lowered_name.removesuffix(".gz")
    suffix = PurePosixPath(base).suffix
    if head.startswith(_UTF16_BOMS):
        head = _decode(head, partial=True).encode("utf-8")
    stripped = head.lstrip(_UTF8_BOM + b" \t\r\n")
    by_extension = _EXTENSIONS.get(suffix)
    if by_extension in ("jsonl", "json", None):
        if stripped.startswith(b"["):
            return "json"
        if stripped.startswith(b"{"):
            first_line = stripped.split(b"\n", 1)[0].rstrip()
            if looks_like_archive_line(first_line):
                return "archive"
            if not first_line.endswith(b"}"):
                return "json"  # one pretty-printed object, whatever the extension says
            return by_extension or "jsonl"
    if by_extension is not None:
        return by_extension
    # Unknown extension: decide by content.
    lowered = stripped[:1024].lower()
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    if not stripped:
        return None
    try:
        _decode(head, partial=True)
    except ValueError:
        return None
    return "text"


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


# --------------------------------------------------------------------------------------------- bundles


def read_zip(path: Path) -> Iterator[ReadItem]:
    with zipfile.ZipFile(path) as bundle:
        members = sorted((m for m in bundle.infolist() if not m.is_dir()), key=lambda m: m.filename)
        for member in members:
            if _hidden(PurePosixPath(member.filename).parts):
                continue
            origin = f"{path}:{member.filename}"
            try:
                raw = bundle.read(member)
            except (OSError, zipfile.BadZipFile, RuntimeError) as exc:  # RuntimeError: encrypted
                yield ReadError(origin, None, f"cannot read: {exc}")
                continue
            yield from read_source(Source.of_bytes(origin, PurePosixPath(member.filename).name, raw))


def read_tar(path: Path) -> Iterator[ReadItem]:
    with tarfile.open(path) as bundle:
        members = sorted((m for m in bundle.getmembers() if m.isfile()), key=lambda m: m.name)
        for member in members:
            if _hidden(PurePosixPath(member.name).parts):
                continue
            origin = f"{path}:{member.name}"
            handle = bundle.extractfile(member)
            if handle is None:
                continue
            yield from read_source(Source.of_bytes(origin, PurePosixPath(member.name).name, handle.read()))


def read_stdin(stream: IO[bytes]) -> Iterator[ReadItem]:
    """JSONL when the input starts with `{`, else one plain-text article (as a .txt file)."""
    raw = stream.read()
    name = "stdin.jsonl" if raw.lstrip(_UTF8_BOM + b" \t\r\n").startswith(b"{") else "stdin.txt"
    source = Source(STDIN, name, lambda: io.BytesIO(raw))
    if not raw.strip():
        yield ReadError(STDIN, None, "no input on standard input")
        return
    yield from (read_jsonl(source) if name.endswith(".jsonl") else read_text(source))


# --------------------------------------------------------------------------------------------- JSON


def _json_lines(source: Source) -> Iterator[tuple[int, bytes]]:
    """Numbered lines of a JSON text: a UTF-8 BOM dropped, UTF-16 and other encodings decoded."""
    with source.opener() as handle:
        head = handle.read(4)
    if head.startswith(_UTF16_BOMS):
        text = _decode(source.read())
        for number, line in enumerate(text.splitlines(), start=1):
            yield number, line.encode("utf-8")
        return
    with source.opener() as handle:
        for number, raw in enumerate(handle, start=1):
            yield number, raw.removeprefix(_UTF8_BOM) if number == 1 else raw


def read_jsonl(source: Source) -> Iterator[ReadItem]:
    for number, raw in _json_lines(source):
        if not raw.strip():
            continue
        try:
            data = orjson.loads(raw)
            yield ArticleRecord(validate_article(data), source.origin, number)
        except orjson.JSONDecodeError as exc:
            yield ReadError(source.origin, number, f"not JSON: {exc}")
        except ValueError as exc:
            yield ReadError(source.origin, number, str(exc))


def read_json(source: Source) -> Iterator[ReadItem]:
    """A file holding one article object, a JSON array of them (pretty-printed or not), or JSONL."""
    raw = b"\n".join(line for _, line in _json_lines(source))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        yield from read_jsonl(source)
        return
    if data == []:
        yield ReadError(source.origin, None, "an empty JSON array: no articles")
        return
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items, start=1):
        where = index if isinstance(data, list) else None
        try:
            yield ArticleRecord(validate_article(item), source.origin, where)
        except ValueError as exc:
            yield ReadError(source.origin, where, f"item {index}: {exc}" if where else str(exc))


def read_archive(source: Source) -> Iterator[ReadItem]:
    for number, raw in _json_lines(source):
        if not raw.strip():
            continue
        try:
            entry = decode_line(raw, line=number)
        except ValueError as exc:
            yield ReadError(source.origin, number, str(exc))
            continue
        yield archived_to_record(entry, source.origin)


def archived_to_record(entry: ArchivedMessage, path: str) -> ReadItem:
    if entry.value_object is None:
        return ReadError(path, entry.line, "archived message is not a JSON object (kept as value_b64)")
    try:
        article = validate_article(entry.value_object)
    except ValueError as exc:
        return ReadError(path, entry.line, str(exc))
    return ArticleRecord(article, path, entry.line, kafka_timestamp=entry.timestamp, kafka_key=entry.key)


# --------------------------------------------------------------------------------------------- text


def _decode(raw: bytes, *, partial: bool = False) -> str:
    """UTF-8 (with or without BOM), else the encoding charset-normalizer finds (UTF-16, cp1256...).
    `partial`: `raw` is the head of a file and may end inside a character."""
    try:
        text = raw.decode("utf-8-sig")
        if not _mostly_control(text):
            return text
    except UnicodeDecodeError as exc:
        if partial and not raw.startswith(_UTF16_BOMS) and exc.start >= len(raw) - 4:
            return raw[: exc.start].decode("utf-8-sig")
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ValueError("cannot decode the file as text (not UTF-8, and no other encoding fits)")
    return str(best)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _mostly_control(text: str) -> bool:
    """UTF-16 without a BOM is often valid UTF-8 too: Arabic in UTF-16-LE is every other byte 0x06,
    English every other byte NUL. Real text has next to no control characters."""
    return len(_CONTROL.findall(text[:4096])) > len(text[:4096]) // 20


def text_article(text: str) -> dict[str, Any] | None:
    """The article of a plain text (a .txt file, text on stdin): the same id and title everywhere."""
    text = text.replace("\r\n", "\n")
    body = text.strip()
    if not body:
        return None
    article: dict[str, Any] = {"id": "txt-" + stable_id("text", body)[:24], "text": text}
    first_line = body.split("\n", 1)[0].strip()
    if 0 < len(first_line) <= TITLE_MAX_CHARS and "\n" in body:
        article["title"] = first_line
    return article


def read_text(source: Source) -> Iterator[ReadItem]:
    try:
        article = text_article(_decode(source.read()))
    except ValueError as exc:
        yield ReadError(source.origin, None, str(exc))
        return
    if article is None:
        yield ReadError(source.origin, None, "empty text file")
        return
    yield _checked(article, source.origin)


def _checked(article: dict[str, Any], origin: str, line: int | None = None) -> ReadItem:
    try:
        return ArticleRecord(validate_article(article), origin, line)
    except ValueError as exc:
        return ReadError(origin, line, str(exc))


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


def read_html(source: Source) -> Iterator[ReadItem]:
    yield html_article(source.read(), source.origin)


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
    return _checked({k: v for k, v in article.items() if v is not None}, origin)


# --------------------------------------------------------------------------------------------- feeds


def read_feed(source: Source) -> Iterator[ReadItem]:
    import feedparser

    parsed = feedparser.parse(source.read())
    if not parsed.entries:
        reason = f"not a feed: {parsed.bozo_exception}" if parsed.bozo else "feed has no items"
        yield ReadError(source.origin, None, reason)
        return
    feed = parsed.feed
    name = feed.get("title") or None
    lang = _lang(feed.get("language"))
    for index, entry in enumerate(parsed.entries, start=1):
        yield feed_entry_article(entry, source.origin, index, source=name, lang=lang)


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
    return _checked({k: v for k, v in article.items() if v is not None}, path, index)
