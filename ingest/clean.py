"""Undo PDF-extraction damage: hyphenation, hard line breaks, page gaps, bullets, headings.

The result is a clean text in which paragraphs are separated by a blank line, bullets are lines
starting with "• ", and headings are lines of their own. Every later offset (chunks, citations,
highlights in the UI) points into this text, so it is computed once and stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

BULLETS = "•●▪◦‣∙·*–−-"
_LINK_LINE = re.compile(r"^(https?://|mailto:|www\.)\S*$")
_BULLET_RE = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s+")
_END_PUNCT = tuple(".!?:;,")
# A heading never ends in a function word; a wrapped paragraph line often does.
_FUNCTION_WORDS = {
    "de", "het", "een", "en", "van", "in", "op", "te", "voor", "met", "die", "dat", "aan", "bij",
    "om", "of", "als", "naar", "tot", "door", "is", "zijn", "wordt", "we", "ook", "zo", "dit",
}
# Elided compounds ("sociaal werk- naar ..."): keep the hyphen when the next word is one of these.
_ELISION_NEXT = {"en", "of", "tot", "naar", "als", "t/m"}


@dataclass
class Block:
    kind: str  # "heading" | "para" | "bullet"
    text: str
    start: int = 0
    end: int = 0


@dataclass
class CleanDoc:
    text: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "heading"]


def normalize(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\t", " ")
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")
    # Control characters other than newline would break offsets in browsers and JSON consumers.
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] != "C")
    return "\n".join(re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))


def _is_heading(line: str, prev_blank: bool, next_line: str | None, width: int) -> bool:
    if not prev_blank or not line or _BULLET_RE.match(line):
        return False
    words = line.split()
    if len(line) > 80 or len(words) > 12 or line.endswith(_END_PUNCT):
        return False
    if re.search(r"[.!?] ", line) or words[-1].lower() in _FUNCTION_WORDS:
        return False
    next_blank = next_line is None or next_line == ""
    if line[0].islower():
        # Lower-case headings ("netwerken") only as a short line standing alone.
        return next_blank and len(line) <= 40
    if not next_blank and next_line and next_line[0].islower():
        return False  # the sentence continues on the next line
    # A line nearly as wide as the page is a wrapped paragraph line, not a title.
    return not (not next_blank and len(line) >= 0.85 * width)


def _two_line_heading(lines: list[str], i: int) -> str | None:
    """A title wrapped over two short lines, followed by a line that starts a sentence."""
    if i + 2 >= len(lines):
        return None
    first, second, third = lines[i], lines[i + 1], lines[i + 2]
    if not (second and second[:1].islower() and third[:1].isupper()):
        return None
    joined = f"{first} {second}"
    if len(joined) > 90 or first.endswith(_END_PUNCT) or second.endswith(_END_PUNCT):
        return None
    if re.search(r"[.!?] ", joined) or second.split()[-1].lower() in _FUNCTION_WORDS:
        return None
    return joined


def _join(prev: str, line: str) -> str:
    """Join a wrapped line to its predecessor, mending end-of-line hyphenation."""
    if not prev:
        return line
    m = re.search(r"(\w+)-$", prev)
    if m and line[:1].islower():
        first = line.split(" ", 1)[0]
        if first in _ELISION_NEXT:
            return f"{prev} {line}"
        return prev[:-1] + line
    return f"{prev} {line}"


def clean(raw: str) -> CleanDoc:
    """Clean a raw extracted text into paragraphs, bullets and headings with offsets."""
    lines = normalize(raw).split("\n")
    nonblank = sorted(len(line) for line in lines if line)
    width = nonblank[int(len(nonblank) * 0.9)] if nonblank else 80

    blocks: list[Block] = []
    current: Block | None = None
    blank_run = 1  # start of file counts as after a blank line

    def next_nonblank_direct(i: int) -> str | None:
        return lines[i + 1] if i + 1 < len(lines) else None

    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if not line or _LINK_LINE.match(line):
            # PDF link annotations come out as bare URL lines; they are not report text.
            blank_run += 0 if line else 1
            continue
        after_blank = blank_run > 0
        nxt = next_nonblank_direct(i)
        bullet = _BULLET_RE.match(line)
        two_line = _two_line_heading(lines, i) if after_blank and not bullet else None
        if two_line:
            blocks.append(Block("heading", two_line))
            current = None
            skip = True
        elif bullet:
            current = Block("bullet", line[bullet.end():])
            blocks.append(current)
        elif _is_heading(line, after_blank, nxt, width):
            blocks.append(Block("heading", line))
            current = None
        elif current is not None and (
            not after_blank
            # page gap or stray blank line inside a sentence: the text continues in lower case
            or (not current.text.endswith((".", "!", "?", ":", "”", '"')) and line[:1].islower())
        ):
            current.text = _join(current.text, line)
        else:
            current = Block("para", line)
            blocks.append(current)
        blank_run = 0

    # Render; consecutive bullets share one block of lines.
    parts: list[str] = []
    pos = 0
    for idx, block in enumerate(blocks):
        if idx:
            sep = "\n" if block.kind == "bullet" and blocks[idx - 1].kind == "bullet" else "\n\n"
            parts.append(sep)
            pos += len(sep)
        rendered = ("• " + block.text) if block.kind == "bullet" else block.text
        block.start, block.end = pos, pos + len(rendered)
        if block.kind == "bullet":
            block.start += 2  # offsets of the item text, without the bullet sign
        parts.append(rendered)
        pos += len(rendered)
    return CleanDoc("".join(parts), blocks)
