"""Stage 2: cleaning. HTML tags and site furniture are blanked out with spaces of the same length,
so every offset computed later still points into the ORIGINAL text."""

from __future__ import annotations

import re
from typing import Any

from streams.extract.context import Doc, replace
from streams.extract.normalize import arabic_matching_form

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]{0,2000}>", re.S | re.I)
_BLOCK_TAG = re.compile(r"^</?(p|br|div|li|h[1-6]|tr|article|section|blockquote|ul|ol)\b", re.I)
_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_ENTITY_CHARS = {"amp": "&", "quot": '"', "apos": "'", "lt": "<", "gt": ">", "nbsp": " "}
_BULLETS = "•·▪●◦‣-–—*>»"

FURNITURE_PREFIXES = tuple(
    arabic_matching_form(p)
    for p in (
        "اقرأ أيضا", "إقرأ أيضا", "اقرأ أيضاً", "اخترنا لك", "شاهد أيضا", "شاهد أيضاً", "اقرأ المزيد", "تابعونا",
        "للمزيد", "المصدر:", "read more", "read also", "also read", "related:", "see also", "advertisement",
        "subscribe", "follow us", "share this", "click here", "sign up",
    )
)


# Only lines starting with one of these characters can be furniture (saves normalizing every line).
_FURNITURE_FIRST = frozenset(
    {p[0] for p in FURNITURE_PREFIXES} | {p[0].upper() for p in FURNITURE_PREFIXES} | set("أإآ") | set(_BULLETS)
)


def strip_html(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text

    def tag(match: re.Match[str]) -> str:
        body = match.group(0)
        if _BLOCK_TAG.match(body):
            return "\n" + " " * (len(body) - 1)
        return " " * len(body)

    def entity(match: re.Match[str]) -> str:
        body = match.group(0)
        char = _ENTITY_CHARS.get(match.group(1).lower(), " ")
        return char + " " * (len(body) - 1)

    if "<" in text:
        text = _TAG.sub(tag, text)
    if "&" in text:
        text = _ENTITY.sub(entity, text)
    return text


def drop_furniture(text: str, title: str | None, max_line_chars: int = 160) -> str:
    """Blank navigation lines and bullet lines that repeat the title (and their indented captions)."""
    title_form = arabic_matching_form(title) if title else ""
    out: list[str] = []
    dropping_block = False
    for line in text.split("\n"):
        stripped = line.strip()
        drop = False
        if stripped and stripped[0] not in _FURNITURE_FIRST and not (dropping_block and line[:1] in (" ", "\t")):
            dropping_block = False
        elif stripped:
            short = len(stripped) <= max_line_chars
            form = arabic_matching_form(stripped[:24]) if short else ""  # prefixes are short
            if short and form.startswith(FURNITURE_PREFIXES):
                drop = True
            elif stripped[0] in _BULLETS:
                content = arabic_matching_form(stripped.lstrip(_BULLETS + " "))
                if (title_form and content == title_form) or (short and content.startswith(FURNITURE_PREFIXES)):
                    drop = True
                    dropping_block = True
                else:
                    dropping_block = False
            elif dropping_block and line[:1] in (" ", "\t") and short:
                drop = True  # indented caption under a dropped bullet
            else:
                dropping_block = False
        out.append(" " * len(line) if drop else line)
    return "\n".join(out)


def run(doc: Doc, resources: Any) -> Doc:
    text = strip_html(doc.original)
    text = drop_furniture(text, doc.article.title)
    return replace(doc, cleaned=text)
