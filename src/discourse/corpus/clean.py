"""Cleaning of scraped text, with an audit of everything removed or rewritten.

The cleaner turns raw text as scraped (web pages, PDF extractions) into paragraphs separated by
one blank line, so that later steps never see a sentence glued to a heading or cut by a hard
line wrap. It never changes words: it drops boilerplate lines listed in a data file
(``discourse/data/boilerplate.yaml``, extendable by the user), joins hard-wrapped lines, strips
HTML markup and normalises whitespace and typographic quotes. Every change is recorded in a
report (one row per removed or rewritten piece, with the rule that did it).

The steps, in order:

1. ``html_markup`` - if the text looks like HTML, tags are removed (block tags become paragraph
   breaks) and entities are decoded; ``<script>``/``<style>`` contents are dropped.
2. ``unicode_space`` / ``invisible_char`` / ``typographic_quotes`` - non-breaking and other
   Unicode spaces become plain spaces, zero-width characters and soft hyphens are removed, curly
   quotes become straight ones (U+2019 -> ``'``; U+201C/U+201D -> ``"``).
3. Boilerplate rules (``scope: line`` drops a whole line, ``scope: inline`` cuts a piece).
4. ``repeated_line`` - a heading-like line (no final punctuation) identical to an earlier one,
   e.g. a page title repeated by the CMS.
5. ``reflow`` - hard-wrapped lines are joined into paragraphs. A document is treated as
   hard-wrapped when at least 30 % of its lines are long (>= 60 % of the 90th-percentile line
   length, itself <= 120 characters) and end without sentence punctuation. Lines are then joined
   across the document's usual gap (0 or 1 blank lines); a wider gap is a paragraph break. A line
   is never joined onto a heading (a short line of <= 12 words, starting upper-case, without final
   punctuation, followed by an upper-case line), a list item (``1.``, ``•``, ``-``) or vice
   versa. In documents that are not hard-wrapped, a line is joined to the next only when it lacks
   final punctuation and the next line starts in lower case.
6. ``bullet`` - leading bullet glyphs are removed from list items; each item stays a paragraph.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..io import atomic_write, read_yaml, safe_load

__all__ = [
    "BoilerplateRule",
    "CleanedText",
    "CleaningCache",
    "REPORT_COLUMNS",
    "clean_text",
    "load_boilerplate",
]

REPORT_COLUMNS = ["step", "rule", "action", "line", "original", "replacement", "count"]

_TERMINAL = tuple(".!?;:,\"')]”’…")
_BULLET_RE = re.compile(r"^\s*([•◦▪▫●○■□‣⁃∙·*]|-(?=\s))\s*")
_LIST_START_RE = re.compile(r"^\s*(\d{1,2}[.)]\s|[a-z][.)]\s|[•◦▪▫●○■□‣⁃∙·*]|-\s)")
_HTML_TAG_RE = re.compile(
    r"</?(p|div|br|span|a|html|head|body|h[1-6]|li|ul|ol|em|strong|b|i|u|script|style|table|tr|td|th|"
    r"blockquote|section|article|header|footer|nav|img|meta|link|title)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_UNICODE_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_QUOTES_RE = re.compile("[" + "".join(_QUOTES) + "]")
_MULTISPACE = re.compile(r" {2,}")


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate pattern.

    Parameters
    ----------
    id : str
        Name reported in the cleaning report.
    scope : {"line", "inline"}
        ``"line"`` drops a whole line that matches; ``"inline"`` cuts the match from the line.
    pattern : re.Pattern
        Compiled regular expression.
    description : str
        Why the rule exists.
    """

    id: str
    scope: str
    pattern: re.Pattern[str]
    description: str = ""


@dataclass(frozen=True)
class CleanedText:
    """Result of :func:`clean_text`.

    Attributes
    ----------
    text : str
        Cleaned text: paragraphs (headings and list items included) separated by one blank line.
    segments : tuple of (str, str)
        ``(kind, text)`` per paragraph, kind in ``{"heading", "paragraph", "list_item"}``.
    report : list of dict
        One record per change, with keys :data:`REPORT_COLUMNS`.
    """

    text: str
    segments: tuple[tuple[str, str], ...]
    report: list[dict[str, Any]] = field(default_factory=list)


def _compile_rules(spec: Mapping[str, Any], source: str) -> tuple[list[BoilerplateRule], int]:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("rules"), list):
        raise CorpusError(
            f"{source}: a boilerplate file needs a top-level 'rules:' list; see "
            "discourse/data/boilerplate.yaml for the format"
        )
    rules: list[BoilerplateRule] = []
    for i, item in enumerate(spec["rules"]):
        where = f"{source}: rules[{i}]"
        if not isinstance(item, Mapping):
            raise CorpusError(f"{where} is not a mapping; give id, scope and pattern")
        missing = [k for k in ("id", "scope", "pattern") if not item.get(k)]
        if missing:
            raise CorpusError(f"{where} lacks {', '.join(missing)}; every rule needs id, scope and pattern")
        if item["scope"] not in ("line", "inline"):
            raise CorpusError(f"{where} ({item['id']}): scope must be 'line' or 'inline', not {item['scope']!r}")
        flags = re.IGNORECASE if item.get("ignore_case", True) else 0
        try:
            pattern = re.compile(str(item["pattern"]), flags)
        except re.error as exc:
            raise CorpusError(f"{where} ({item['id']}): invalid regular expression: {exc}") from None
        rules.append(BoilerplateRule(str(item["id"]), str(item["scope"]), pattern, str(item.get("description", ""))))
    return rules, int(spec.get("max_line_words", 14))


def load_boilerplate(
    extra: str | Path | Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    *,
    include_default: bool = True,
) -> tuple[list[BoilerplateRule], int]:
    """Load the boilerplate rules: the packaged defaults plus a user's own.

    Parameters
    ----------
    extra : path, mapping or list of mappings, optional
        A YAML file with a ``rules:`` list (same format as ``discourse/data/boilerplate.yaml``),
        an equivalent mapping, or a bare list of rule mappings.
    include_default : bool, default True
        Start from the packaged rules.

    Returns
    -------
    rules : list of BoilerplateRule
    max_line_words : int
        Longest line (in words) a line rule may delete.
    """
    rules: list[BoilerplateRule] = []
    max_words = 14
    if include_default:
        text = resources.files("discourse").joinpath("data/boilerplate.yaml").read_text("utf-8")
        rules, max_words = _compile_rules(safe_load(text), "discourse/data/boilerplate.yaml")
    if extra is None:
        return rules, max_words
    if isinstance(extra, (str, Path)):
        path = Path(extra)
        spec = read_yaml(path, CorpusError, "boilerplate file")
        source = str(path)
    elif isinstance(extra, Mapping):
        spec, source = extra, "boilerplate"
    else:
        spec, source = {"rules": list(extra)}, "boilerplate"
    more, user_max = _compile_rules(spec, source)
    if isinstance(spec, Mapping) and "max_line_words" in spec:
        max_words = user_max
    return rules + more, max_words


class _HTMLToText(HTMLParser):
    _BLOCK = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "blockquote", "section", "article", "header", "footer", "nav", "title",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: Counter[str] = Counter()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _strip_html(text: str, report: list[dict[str, Any]]) -> str:
    n_tags = len(_HTML_TAG_RE.findall(text[:200_000]))
    if n_tags < 2:
        return text
    parser = _HTMLToText()
    parser.feed(text)
    parser.close()
    for tag, n in sorted(parser.tags.items()):
        report.append(_row("html_markup", "removed", None, f"<{tag}>", "", n))
    out = "".join(parser.parts)
    out = re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", out)
    return html.unescape(out)


def _row(rule: str, action: str, line: int | None, original: str, replacement: str, count: int = 1) -> dict[str, Any]:
    return {
        "step": 0,
        "rule": rule,
        "action": action,
        "line": line,
        "original": original,
        "replacement": replacement,
        "count": count,
    }


def _normalise_chars(text: str, report: list[dict[str, Any]]) -> str:
    counts = Counter(_QUOTES_RE.findall(text))
    for ch, n in sorted(counts.items()):
        report.append(_row("typographic_quotes", "rewritten", None, ch, _QUOTES[ch], n))
    if counts:
        text = _QUOTES_RE.sub(lambda m: _QUOTES[m.group()], text)
    spaces = Counter(_UNICODE_SPACES.findall(text))
    for ch, n in sorted(spaces.items()):
        report.append(_row("unicode_space", "rewritten", None, f"U+{ord(ch):04X}", " ", n))
    if spaces:
        text = _UNICODE_SPACES.sub(" ", text)
    invisible = Counter(_INVISIBLE.findall(text))
    for ch, n in sorted(invisible.items()):
        report.append(_row("invisible_char", "removed", None, f"U+{ord(ch):04X}", "", n))
    if invisible:
        text = _INVISIBLE.sub("", text)
    return text


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


def _starts_lower(line: str) -> bool:
    s = line.lstrip("\"'([")
    return bool(s) and s[0].islower()


def _starts_upper(line: str) -> bool:
    s = line.lstrip("\"'([")
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def _is_list_start(line: str) -> bool:
    return bool(_LIST_START_RE.match(line))


def _heading_like(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 12 and _starts_upper(line) and not _ends_sentence(line) and not _is_list_start(line)


@dataclass
class _Line:
    no: int  # 1-based raw line number
    text: str
    gap: int  # blank lines before this line


@lru_cache(maxsize=32)
def _any_of(rules: tuple[BoilerplateRule, ...]) -> re.Pattern[str] | None:
    """One alternation of the rules' patterns: a line no rule matches is passed over in one call.

    Only a prefilter (the first matching rule is still found rule by rule). None when the
    patterns cannot be joined safely (back-references, or flags other than IGNORECASE).
    """
    parts = []
    for r in rules:
        p = r.pattern
        if p.flags & ~(re.IGNORECASE | re.UNICODE) or re.search(r"\\\d|\(\?P=|\(\?\(", p.pattern):
            return None
        parts.append(f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})")
    if not parts:
        return None
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


def _apply_boilerplate(
    lines: list[tuple[int, str]],
    rules: Sequence[BoilerplateRule],
    max_words: int,
    report: list[dict[str, Any]],
) -> list[tuple[int, str]]:
    line_rules = [r for r in rules if r.scope == "line"]
    inline_rules = [r for r in rules if r.scope == "inline"]
    any_line, any_inline = _any_of(tuple(line_rules)), _any_of(tuple(inline_rules))
    out: list[tuple[int, str]] = []
    for no, text in lines:
        if not text:
            out.append((no, text))
            continue
        bare = _BULLET_RE.sub("", text).strip()
        if bare.count(" ") < max_words and (any_line is None or any_line.fullmatch(bare)):
            hit = next((r for r in line_rules if r.pattern.fullmatch(bare)), None)
            if hit is not None:
                report.append(_row(hit.id, "removed", no, text, ""))
                out.append((no, ""))
                continue
        if any_inline is not None and not any_inline.search(text):
            out.append((no, text))
            continue
        for rule in inline_rules:
            m = rule.pattern.search(text)
            if m and m.group().strip():
                report.append(_row(rule.id, "removed", no, m.group().strip(), ""))
                text = (text[: m.start()] + text[m.end() :]).strip()
        out.append((no, text))
    return out


def _drop_repeats(lines: list[tuple[int, str]], report: list[dict[str, Any]]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    out = []
    for no, text in lines:
        key = " ".join(text.split()).casefold()
        if key and _heading_like(text) and key in seen:
            report.append(_row("repeated_line", "removed", no, text, ""))
            out.append((no, ""))
            continue
        if key:
            seen.add(key)
        out.append((no, text))
    return out


def _to_lines(lines: list[tuple[int, str]]) -> list[_Line]:
    result: list[_Line] = []
    gap = 0
    for no, text in lines:
        if not text:
            gap += 1
            continue
        result.append(_Line(no, text, gap if result else 0))
        gap = 0
    return result


def _wrap_profile(lines: list[_Line]) -> tuple[bool, float, int]:
    """Decide whether a document is hard-wrapped; return (wrapped, long_line_length, soft_gap)."""
    if len(lines) < 8:
        return False, 0.0, 0
    lengths = sorted(len(x.text) for x in lines)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if p90 > 120:
        return False, 0.0, 0
    long_len = 0.6 * p90
    open_long = sum(1 for x in lines if len(x.text) >= long_len and not _ends_sentence(x.text))
    if open_long / len(lines) < 0.3:
        return False, 0.0, 0
    gaps = Counter(
        nxt.gap for cur, nxt in zip(lines, lines[1:], strict=False) if len(cur.text) >= long_len and _starts_lower(nxt.text)
    )
    soft_gap = gaps.most_common(1)[0][0] if gaps else 0
    return True, long_len, soft_gap


def _reflow(lines: list[_Line], report: list[dict[str, Any]]) -> list[list[_Line]]:
    wrapped, long_len, soft_gap = _wrap_profile(lines)
    groups: list[list[_Line]] = []
    for i, line in enumerate(lines):
        if not groups:
            groups.append([line])
            continue
        prev = groups[-1][-1]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        is_heading = _heading_like(line.text) and (nxt is None or not _starts_lower(nxt.text))
        prev_heading = len(groups[-1]) == 1 and _heading_like(prev.text) and not _starts_lower(line.text)
        if wrapped:
            join = (
                line.gap <= soft_gap
                and not is_heading
                and not prev_heading
                and not _is_list_start(line.text)
                and (len(prev.text) >= long_len or _starts_lower(line.text))
                and not (_ends_sentence(prev.text) and len(prev.text) < long_len)
            )
        else:
            join = line.gap == 0 and not _ends_sentence(prev.text) and _starts_lower(line.text)
        if join:
            groups[-1].append(line)
        else:
            groups.append([line])
    for group in groups:
        if len(group) > 1:
            report.append(
                _row(
                    "reflow",
                    "joined",
                    group[0].no,
                    "\n".join(x.text for x in group),
                    _join(group),
                    len(group),
                )
            )
    return groups


def _join(group: list[_Line]) -> str:
    out = group[0].text
    for line in group[1:]:
        if re.search(r"[A-Za-z]-$", out) and _starts_lower(line.text):
            out += line.text
        else:
            out += " " + line.text
    return out


def clean_text(
    text: str,
    *,
    rules: Sequence[BoilerplateRule] | None = None,
    max_line_words: int = 14,
    strip_html: bool = True,
    normalise: bool = True,
    reflow: bool = True,
    drop_repeated: bool = True,
) -> CleanedText:
    """Clean one raw text.

    Parameters
    ----------
    text : str
        Raw text as scraped.
    rules : sequence of BoilerplateRule, optional
        Boilerplate rules; default: the packaged rules (:func:`load_boilerplate`). Pass ``[]`` to
        remove no boilerplate.
    max_line_words : int, default 14
        A line rule never deletes a line with more words than this.
    strip_html, normalise, reflow, drop_repeated : bool, default True
        Switch individual steps off.

    Returns
    -------
    CleanedText
        The cleaned text, its segments and the report of every change.

    Examples
    --------
    >>> out = clean_text("Title\\n\\nA wrapped line that goes on and on\\nand ends here.\\n\\ntop of page")
    >>> out.text
    'Title\\n\\nA wrapped line that goes on and on and ends here.'
    """
    if not isinstance(text, str):
        raise CorpusError(f"text must be a str, not {type(text).__name__}")
    if rules is None:
        rules, max_line_words = load_boilerplate()
    report: list[dict[str, Any]] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if strip_html:
        text = _strip_html(text, report)
    if normalise:
        text = _normalise_chars(text, report)
    raw_lines = text.split("\n")
    collapsed = 0
    lines: list[tuple[int, str]] = []
    for no, line in enumerate(raw_lines, start=1):
        stripped = line.strip()
        if normalise and "  " in stripped:
            new = _MULTISPACE.sub(" ", stripped)
            collapsed += len(stripped) - len(new)
            stripped = new
        lines.append((no, stripped))
    if collapsed:
        report.append(_row("whitespace", "removed", None, "repeated spaces", " ", collapsed))
    lines = _apply_boilerplate(lines, rules, max_line_words, report)
    if drop_repeated:
        lines = _drop_repeats(lines, report)
    structured = _to_lines(lines)
    if reflow:
        groups = _reflow(structured, report)
    else:
        groups = [[x] for x in structured]
    segments: list[tuple[str, str]] = []
    for i, group in enumerate(groups):
        para = _join(group)
        kind = "paragraph"
        if _is_list_start(para):
            kind = "list_item"
            bare = _BULLET_RE.sub("", para)
            if bare != para:
                report.append(_row("bullet", "removed", group[0].no, para[: len(para) - len(bare)].strip(), ""))
                para = bare
        elif len(group) == 1 and _heading_like(para):
            nxt = groups[i + 1][0].text if i + 1 < len(groups) else ""
            if not _starts_lower(nxt):
                kind = "heading"
        if para:
            segments.append((kind, para))
    for step, row in enumerate(report, start=1):
        row["step"] = step
    return CleanedText("\n\n".join(s for _, s in segments), tuple(segments), report)


def iter_paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """Yield ``(start, end)`` character offsets of the paragraphs of a cleaned text."""
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        yield m.start(), m.end()


class CleaningCache:
    """Cleaned texts kept on disk, so that a second load of a corpus does not clean it again.

    One JSON entry per raw text under ``root / "cleaned"``, holding what :func:`clean_text`
    returns (text, segments, report). The key is the raw text, the boilerplate rules, the
    longest line a rule may delete and the code of this module: a changed rule file or a new
    version of the cleaner makes new keys. Entries are written atomically; an unreadable one is
    cleaned again and rewritten.

    Parameters
    ----------
    root : str or Path
        The cache folder (``discourse analyze`` uses its parse cache folder).
    rules : sequence of BoilerplateRule
    max_line_words : int
    """

    def __init__(self, root: str | Path, rules: Sequence[BoilerplateRule], max_line_words: int) -> None:
        self.root = Path(root) / "cleaned"
        self.rules = list(rules)
        self.max_line_words = max_line_words
        h = hashlib.sha256(b"cleaned-1\x00" + Path(__file__).read_bytes())
        h.update(json.dumps([[r.id, r.scope, r.pattern.pattern, int(r.pattern.flags)] for r in self.rules] + [max_line_words]).encode("utf-8"))
        self._settings = h.digest()

    def _path(self, raw: str) -> Path:
        key = hashlib.sha256(self._settings + raw.encode("utf-8", "surrogatepass")).hexdigest()
        return self.root / key[:2] / f"{key}.json"

    def clean(self, raw: str) -> CleanedText:
        """``clean_text(raw, rules=..., max_line_words=...)``, read from the cache when it is there."""
        path = self._path(raw)
        try:
            entry = json.loads(path.read_bytes())
            return CleanedText(entry["text"], tuple((k, t) for k, t in entry["segments"]), entry["report"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        result = clean_text(raw, rules=self.rules, max_line_words=self.max_line_words)

        data = {"text": result.text, "segments": [list(s) for s in result.segments], "report": result.report}
        try:
            atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time
        return result
