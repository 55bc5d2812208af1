"""HTML for the chat, the evidence panel and the source panel (all text escaped)."""

from __future__ import annotations

import html
import re
from typing import Any

_MARK = re.compile(r"\[(\d+)\]")


def answer_html(turn: int, answer: str, answered: bool,
                corrections: dict[str, str] | None = None,
                citations: list[dict[str, Any]] | None = None) -> str:
    """The checked answer with clickable [n] links; a refusal looks different. Typos the
    question was read without are named above it, so a wrong guess is seen at once. A
    bullet says above it which report and section it comes from (its first citation's; the
    report only where it changes, the section only where the bullet does not open with its
    heading): a development over years reads as a chronicle."""
    note = ""
    if corrections:
        fixed = ", ".join(f"<b>{html.escape(new)}</b> (getypt: {html.escape(old)})"
                          for old, new in corrections.items())
        note = f"<p class='spelling muted'>Gelezen als: {fixed}</p>"
    if not answered:
        return (f"{note}<div class='refusal' style='border-left:4px solid #d97706;background:#fff7ed;"
                f"padding:6px 10px;color:#7c2d12'>ⓘ {html.escape(answer)}</div>")
    def linked(text: str) -> str:
        return _MARK.sub(lambda m: f"<a href='#' class='cite' id='c-{turn}-{m.group(1)}' "
                                   f"title='Toon bron {m.group(1)}'>[{m.group(1)}]</a>",
                         html.escape(text))

    # A broad answer: a lead, then "- " lines, each with its own citation, as a real list.
    lines = answer.split("\n")
    items = [line[2:] for line in lines[1:] if line.startswith("- ")]
    if not items:
        return f"{note}{linked(answer)}" if note else linked(answer)
    by_n = {int(c["n"]): c for c in citations or []}
    shown: list[str] = []  # the report named last: bullets in a row from it name their section

    def source(item: str) -> str:
        first = _MARK.search(item)
        c = by_n.get(int(first.group(1))) if first else None
        if c is None:
            return ""
        title, section = str(c["title"]), str(c["section"])
        new_report = not (shown and shown[-1] == title)
        # A bullet that opens with its section's heading names the section itself.
        named = section == str(c.get("text", ""))
        parts = ([title] if new_report else []) + \
            ([section] if section and section != title and not named else [])
        shown.append(title)
        if not parts and named:
            return ""
        return f"<span class='bullet-source'>{html.escape(' · '.join(parts or [title]))}</span>"

    # Lines that are no list item stay paragraphs where they stand: an answer to a second
    # ask below a list is part of the answer too.
    out: list[str] = []
    for line in lines:
        if line.startswith("- "):
            if not out or not out[-1].startswith("<ul"):
                out.append("<ul class='bullets'>")
            out[-1] += f"<li>{source(line[2:])}{linked(line[2:])}</li>"
        elif line.strip():
            out.append(f"<p>{linked(line)}</p>")
    return note + "".join(part + "</ul>" if part.startswith("<ul") else part for part in out)


def user_html(question: str) -> str:
    """The user's question as plain text: an <img> or Markdown in it shows as typed."""
    # Inside an HTML block Markdown is not applied; one line keeps it one block.
    return f"<p class='user-text'>{html.escape(' '.join(question.split()))}</p>"


def provisional_html(partial: str, status: str) -> str:
    """While the answer is written: the text so far, plainly marked as not yet checked.

    Citation marks are left out until the checked answer settles, so no [2] turns into [1]
    under the reader's eyes.
    """
    text = html.escape(_MARK.sub("", partial)).strip()
    body = f"<p class='provisional'>{text}</p>" if text else ""
    return (f"<div class='provisional' aria-busy='true'>{body}"
            f"<p class='status' role='status'>{html.escape(status)}</p></div>")


def waiting_text(event: Any) -> str:
    """'Er staan 2 vragen voor u, ± 20 s' for a question waiting for the model."""
    ahead = int(event.ahead)
    wait = max(5, int(round(event.estimate_s / 5.0)) * 5)
    who = "Er staat 1 vraag" if ahead == 1 else f"Er staan {ahead} vragen"
    return f"{who} voor u, ± {wait} s. U kunt de vraag stoppen met Stop."


def passages_html(passages: list[dict[str, Any]], heading: str) -> str:
    if not passages:
        return "<p class='muted'>Geen passages gevonden.</p>"
    items = "".join(
        f"<li><b>{html.escape(p['title'])}</b> ({p['year']}) · <i>{html.escape(p['section'])}</i>"
        f"<br><span class='snippet'>{html.escape(p['text'][:280])}{'…' if len(p['text']) > 280 else ''}</span></li>"
        for p in passages)
    return f"<div class='evidence'><h2 class='panel-heading'>{html.escape(heading)}</h2><ol>{items}</ol></div>"


def citations_html(turn: int, citations: list[dict[str, Any]]) -> str:
    if not citations:
        return ("<h2 class='panel-heading'>Bronnen van dit antwoord</h2>"
                "<p class='muted'>Dit antwoord heeft geen bronnen.</p>")
    # Citations in a row from one report (and section) name it once: ten bullets of one
    # report otherwise repeat its title ten times.
    items = []
    before: tuple[str, str] = ("", "")
    for c in citations:
        here = (str(c.get("source") or c["title"]), str(c["section"]))
        head = ""
        if here[0] != before[0]:
            card = " " + _card_button(c["source"]) if c.get("source") else ""
            head = f"<b>{html.escape(c['title'])}</b> ({c['year']}){card}<br>"
        if here != before:
            head += f"<i>{html.escape(c['section'])}</i><br>"
        # A cited heading is its section's name: shown once, as the name.
        snippet = "" if head.endswith("</i><br>") and c["text"] == c["section"] else \
            f"<span class='snippet'>{html.escape(c['text'])}</span>"
        before = here
        items.append(f"<li><a href='#' class='cite' id='s-{turn}-{c['n']}'>[{c['n']}]</a> {head}"
                     f"{snippet}</li>")
    return (f"<div class='evidence'><h2 class='panel-heading'>Bronnen van dit antwoord</h2>"
            f"<ul class='plain'>{''.join(items)}</ul></div>")


def _card_button(report_id: str, label: str = "Rapportkaart") -> str:
    return (f"<button type='button' class='open-card' data-card='{html.escape(report_id, quote=True)}'>"
            f"{html.escape(label)}</button>")


def source_html(citation: dict[str, Any], before: str, passage: str, after: str,
                from_card: bool = False) -> str:
    """The cited passage highlighted inside its surrounding report text; below it the way
    back (to the answer, or to the report card it was opened from) and to the report's card."""
    def para(s: str) -> str:
        return html.escape(s).replace("\n\n", "<br><br>").replace("\n", "<br>")

    source = str(citation.get("source", ""))
    if from_card:
        buttons = _card_button(source, "Terug naar de rapportkaart")
    else:
        buttons = "<button type='button' class='back-to-answer'>Terug naar het antwoord</button>"
        if source:
            buttons += " " + _card_button(source, "Rapportkaart van dit rapport")
    return (
        f"<div class='source' id='source-view' tabindex='-1'>"
        f"<h2 class='panel-heading'>Bron [{citation['n']}]: {html.escape(citation['title'])}</h2>"
        f"<p class='meta'>{html.escape(citation['title'])} · {citation['year']} · "
        f"sectie {html.escape(citation['section'])}</p>"
        f"<div class='context'>{'… ' if before else ''}{para(before)}<mark id='cited-passage'>{para(passage)}</mark>"
        f"{para(after)}{' …' if after else ''}</div>"
        f"<div class='source-actions'>{buttons}</div></div>"
    )


def card_numbers(card: Any) -> dict[tuple[int, int], int]:
    """[n] of each distinct line of a card: a sentence in the digest and in its section is one
    source with one number."""
    numbers: dict[tuple[int, int], int] = {}
    for line in card.lines():
        numbers.setdefault((line.start, line.end), len(numbers) + 1)
    return numbers


def card_html(card: Any) -> str:
    """A report's card: what the report is about in its own sentences, then its sections, each
    line with a [n] that opens it in the report."""
    numbers = card_numbers(card)
    rid = html.escape(card.report_id, quote=True)

    def item(line: Any, section: bool = False) -> str:
        n = numbers[(line.start, line.end)]
        # A digest line stands apart from its section: its heading tells what "zij" or "de
        # aanpak" refers to.
        where = f" <span class='muted'>· {html.escape(line.section)}</span>" if section else ""
        return (f"<li>{html.escape(line.text)} <a href='#' class='cite' data-cite='card|{rid}|{n}' "
                f"id='k-{rid}-{n}' title='Toon bron {n}'>[{n}]</a>{where}</li>")

    kind = card.kind[:1].upper() + card.kind[1:]
    meta = " · ".join(x for x in (kind, str(card.year) if card.year else "",
                                  f"{len(card.sections)} secties") if x)
    if not card.digest:
        body = "<p class='muted'>Dit rapport heeft geen zinnen om samen te vatten.</p>"
    else:
        body = ("<h3 class='card-heading'>In het kort</h3><ul class='bullets'>"
                + "".join(item(x, section=True) for x in card.digest) + "</ul>"
                + "<h3 class='card-heading'>Secties</h3>"
                + "".join(f"<details><summary>{html.escape(sec.heading)}</summary><ul class='bullets'>"
                          + "".join(item(x) for x in sec.lines) + "</ul></details>"
                          for sec in card.sections))
    return (f"<div class='source card' id='source-view' tabindex='-1'>"
            f"<h2 class='panel-heading'>Rapportkaart: {html.escape(card.title)}</h2>"
            f"<p class='meta'>{html.escape(meta)}</p>"
            f"<p class='muted'>Zinnen uit het rapport zelf; klik op een nummer om de zin in het "
            f"rapport te lezen.</p>{body}</div>")


def conversation_markdown(turns: list[dict[str, Any]]) -> str:
    """The conversation with its sources, for download."""
    lines = ["# Gesprek met de G40 Economie & Werk assistent", ""]
    for i, t in enumerate(turns, 1):
        lines += [f"## Vraag {i}", "", t["question"], "", "### Antwoord", "", t["answer"], ""]
        if t["citations"]:
            lines += ["### Bronnen", ""]
            lines += [f"{c['n']}. *{c['title']}* ({c['year']}), sectie {c['section']}:  \n"
                      f"   > {c['text']}" for c in t["citations"]]
            lines.append("")
    return "\n".join(lines)
