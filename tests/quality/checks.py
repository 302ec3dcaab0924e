"""Checkers for a built site, as plain functions that return what they found.

Each returns a list of readable problems (empty when all is well), so a test
asserts ``== []`` and shows every problem at once, and the fault-injection
tests can prove that each checker does report the faults it exists for.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import feedparser
import icalendar
from bs4 import BeautifulSoup
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# -- links ---------------------------------------------------------------------------

#: Elements and attributes that point at something the browser loads or follows.
LINK_ATTRIBUTES = [
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("video", "poster"),
]  # fmt: skip
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:")
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+")


@dataclass(frozen=True)
class Link:
    source: str  # where the link was found: "privacy/index.html", "feed.xml"…
    url: str  # as written
    base: str  # the absolute URL it is resolved against


class LinkChecker:
    """Resolve links the way a browser would for a site published at ``site_url``.

    ``site_url`` (``https://example.org/pr-7/``) maps to ``site_dir``: an absolute
    URL under it is internal, a directory URL means its ``index.html``, and a
    ``#fragment`` must name an ``id`` (or ``<a name>``) in the target page.
    A URL on the same host but outside the site's base path is an error: the
    site would link out of itself once published under a sub-path.
    """

    def __init__(self, site_dir: Path, site_url: str) -> None:
        self.site_dir = site_dir
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        split = urlsplit(self.site_url)
        self._origin = (split.scheme, split.netloc)
        self._anchors: dict[Path, set[str]] = {}
        self.unreadable: list[str] = []  # files the crawl could not parse

    def page_url(self, relative: str) -> str:
        """The published URL of the file at ``relative`` (``privacy/index.html``)."""
        return self.site_url + relative

    def check(self, links: Iterable[Link]) -> list[str]:
        problems: list[str] = []
        for link in links:
            problem = self.problem(link)
            if problem:
                problems.append(f"{link.source}: {link.url!r}: {problem}")
        return problems

    def problem(self, link: Link) -> str | None:
        url = link.url.strip()
        if not url or url.lower().startswith(NOT_FETCHED):
            return None
        absolute = urljoin(link.base, url)
        split = urlsplit(absolute)
        if split.scheme not in ("http", "https"):
            return None
        if not absolute.startswith(self.site_url):
            if (split.scheme, split.netloc) == self._origin:
                return f"outside the site's base URL {self.site_url}"
            return None  # external: not this checker's business
        without_fragment, fragment = urldefrag(absolute)
        path = unquote(urlsplit(without_fragment).path)
        relative = path[len(urlsplit(self.site_url).path):]
        target = self.site_dir / relative
        if relative == "" or relative.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return f"no such file in the site ({target.relative_to(self.site_dir).as_posix()})"
        if fragment and target.suffix == ".html" and unquote(fragment) not in self.anchors(target):
            return f"no id {unquote(fragment)!r} in {target.relative_to(self.site_dir).as_posix()}"
        return None

    def anchors(self, page: Path) -> set[str]:
        if page not in self._anchors:
            doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            ids = {el["id"] for el in doc.select("[id]")}
            ids |= {el["name"] for el in doc.select("a[name]")}
            self._anchors[page] = ids
        return self._anchors[page]

    # -- where links come from ------------------------------------------------------

    def html_links(self) -> Iterator[Link]:
        for page in sorted(self.site_dir.rglob("*.html")):
            relative = page.relative_to(self.site_dir).as_posix()
            doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            base = self.page_url(relative)
            tag = doc.select_one("base[href]")
            if tag is not None:
                base = urljoin(base, tag["href"])
            for name, attribute in LINK_ATTRIBUTES:
                for element in doc.find_all(name, attrs={attribute: True}):
                    yield Link(relative, element[attribute], base)
            for element in doc.find_all(["img", "source"], attrs={"srcset": True}):
                for candidate in element["srcset"].split(","):
                    if candidate.strip():
                        yield Link(relative, candidate.split()[0], base)
            # Material finds its search index and worker from this JSON, relative to the page.
            config = doc.select_one("script#__config")
            if config is not None:
                data = json.loads(config.get_text())
                yield Link(relative, data["base"].rstrip("/") + "/search/search_index.json", base)
                if data.get("search"):
                    yield Link(relative, data["search"], base)

    def feed_links(self) -> Iterator[Link]:
        atom = "{http://www.w3.org/2005/Atom}"
        for feed in sorted(self.site_dir.rglob("feed.xml")):
            relative = feed.relative_to(self.site_dir).as_posix()
            tree = self._xml(feed, relative)
            if tree is None:
                continue
            for element in tree.iter(f"{atom}link"):
                yield Link(relative, element.get("href", ""), self.page_url(relative))
            for element in tree.iter(f"{atom}content", f"{atom}summary"):
                if element.get("type") in ("html", "xhtml") and element.text:
                    doc = BeautifulSoup(element.text, "lxml")
                    for tag in doc.find_all(["a", "img"]):
                        target = tag.get("href") or tag.get("src")
                        if target:
                            yield Link(relative, target, self.page_url(relative))

    def calendar_links(self) -> Iterator[Link]:
        for path in sorted(self.site_dir.glob("*.ics")):
            relative = path.name
            try:
                calendar = icalendar.Calendar.from_ical(path.read_bytes())
            except ValueError as exc:
                self.unreadable.append(f"{relative}: unreadable calendar: {exc}")
                continue
            for event in calendar.walk("VEVENT"):
                if event.get("URL"):
                    yield Link(relative, str(event["URL"]), self.page_url(relative))
                for url in URL_IN_TEXT.findall(str(event.get("DESCRIPTION", ""))):
                    yield Link(relative, url, self.page_url(relative))

    def json_links(self) -> Iterator[Link]:
        for path in sorted(self.site_dir.glob("*.json")):
            relative = path.name
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                self.unreadable.append(f"{relative}: unreadable JSON: {exc}")
                continue
            for value in _strings(data):
                if value.startswith(("http://", "https://")):
                    yield Link(relative, value, self.page_url(relative))

    def sitemap_links(self) -> Iterator[Link]:
        for path in sorted(self.site_dir.rglob("sitemap.xml")):
            relative = path.relative_to(self.site_dir).as_posix()
            tree = self._xml(path, relative)
            if tree is None:
                continue
            for element in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
                yield Link(relative, (element.text or "").strip(), self.page_url(relative))
            for element in tree.iter("{http://www.w3.org/1999/xhtml}link"):
                yield Link(relative, element.get("href", ""), self.page_url(relative))

    def _xml(self, path: Path, relative: str) -> Any:
        try:
            return etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            self.unreadable.append(f"{relative}: unreadable XML: {exc}")
            return None

    def all_links(self) -> Iterator[Link]:
        yield from self.html_links()
        yield from self.feed_links()
        yield from self.calendar_links()
        yield from self.json_links()
        yield from self.sitemap_links()


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def check_links(site_dir: Path, site_url: str) -> list[str]:
    """Every broken internal link, anchor and resource of the site at ``site_dir``."""
    checker = LinkChecker(site_dir, site_url)
    problems = checker.check(checker.all_links())
    return checker.unreadable + problems


# -- feeds and calendar ----------------------------------------------------------------


def check_feed(path: Path) -> list[str]:
    """What feedparser objects to in an Atom feed, and entries without id or link."""
    parsed = feedparser.parse(path.read_bytes())
    problems = []
    if parsed.bozo:
        problems.append(f"{path.name}: not well-formed: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problems.append(f"{path.name}: not an Atom 1.0 feed (feedparser says {parsed.version!r})")
    if not parsed.entries and not parsed.bozo:
        problems.append(f"{path.name}: no entries")
    for number, entry in enumerate(parsed.entries, 1):
        for key in ("id", "title", "link", "updated"):
            if not entry.get(key):
                problems.append(f"{path.name}: entry {number} has no {key}")
    return problems


def feed_ids(path: Path) -> list[str]:
    return [entry.id for entry in feedparser.parse(path.read_bytes()).entries]


def calendar_uids(path: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


# -- the Nu Html Checker ---------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """A validator error we accept: its exact message, where it occurs, and why."""

    message: str
    extract: str  # a piece of the offending markup, so the entry cannot hide other errors
    reason: str


#: Errors from Material for MkDocs' own templates that policypress's theme blocks cannot remove.
VNU_ALLOWED = [
    Allowed(
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
        "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
        "or “week”.",
        'type="checkbox" id="__',
        "Material's base.html puts autocomplete=off on its hidden drawer/search toggles on purpose "
        "(Firefox would otherwise restore their checked state on reload); outside any block we can "
        "override. Upstream: squidfunk/mkdocs-material#1513, closed without change.",
    ),
    Allowed(
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        '<label class="md-nav__title" for="__toc">',
        "Material's partials/toc.html labels the __toc toggle that only nav-item.html renders, for a "
        "page in the navigation; version and changes pages are kept out of the navigation by design, "
        "so the secondary table of contents' title points at nothing. Harmless (a label without a "
        "control); fixable only by overriding Material's toc partial.",
    ),
]


def run_vnu(files: list[Path], jar: Path = VNU_JAR) -> list[dict[str, Any]]:
    """Every error vnu.jar reports for ``files``, in one JVM run."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java not found")
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # vnu exits 1 when it found errors; the JSON report is on stderr either way.
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu.jar failed ({result.returncode}):\n{result.stdout}\n{result.stderr}") from None
    return [message for message in report["messages"] if message.get("type") in ("error", "non-document-error")]


def unexpected_vnu_errors(messages: list[dict[str, Any]], site_dir: Path) -> list[str]:
    problems = []
    for message in messages:
        text, extract = message.get("message", ""), message.get("extract", "")
        if any(text == allowed.message and allowed.extract in extract for allowed in VNU_ALLOWED):
            continue
        url = message.get("url", "")
        where = url.split(site_dir.as_posix() + "/", 1)[-1] if url else "?"
        problems.append(f"{where}:{message.get('lastLine', '?')}: {text}\n    {extract.strip()!r}")
    return problems


# -- axe-core --------------------------------------------------------------------------

FAILING_IMPACTS = ("serious", "critical")


def run_axe(page, axe_js: Path = AXE_JS) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """axe-core's violations for the page as it is now."""
    page.add_script_tag(path=str(axe_js))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def serious_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [violation for violation in violations if violation.get("impact") in FAILING_IMPACTS]


def format_violations(violations: list[dict[str, Any]], limit: int = 5) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:limit]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:160]!r}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    … and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


# -- the browser console ------------------------------------------------------------------

def console_problems(errors: list[str], failed: list[str]) -> list[str]:
    """Console errors, uncaught exceptions and failed requests (4xx/5xx or network errors)."""
    return [f"request failed: {url}" for url in failed] + [f"console: {error}" for error in errors]


# -- KWCAG 2.2, the items a policy page must meet ---------------------------------------------

HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: The e-mail notices are whole documents of their own, with no site frame (no skip link).
EMAIL_NOTICE = re.compile(r"/notice/[a-z]{2}\.html$")


def page_language(relative: str, prefixes: dict[str, str]) -> str:
    """The language a page is in, by where it is (``en/…`` is English)."""
    longest = max((prefix for prefix in prefixes.values() if relative.startswith(prefix)), key=len)
    return next(code for code, prefix in prefixes.items() if prefix == longest)


def kwcag_problems(site_dir: Path, prefixes: dict[str, str]) -> list[str]:
    """What every page of a built site breaks of the KWCAG 2.2 items a policy page must meet.

    7.1.1 the page's language is declared (and text in another language says
    which, as WCAG's language of parts asks); 6.4.1 a link to skip to the text,
    landing in the text; 6.4.2 a title; 5.3.1 every table with a title and
    header cells that say what they head. Contrast, colour, keyboard focus and
    width are seen in the browser (tests/quality/test_kwcag.py).
    """
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        email = EMAIL_NOTICE.search("/" + relative)
        # An e-mail notice is in the language its file is named for (notice/en.html), wherever it is.
        language = path.stem if email else page_language(relative, prefixes)
        problems += [f"{relative}: {problem}" for problem in _page_kwcag(page, language, email=bool(email))]
    return problems


def _page_kwcag(page: BeautifulSoup, language: str, *, email: bool) -> Iterator[str]:
    html = page.find("html")
    declared = html.get("lang") if html else None
    if declared != language:
        yield f"7.1.1: <html lang> is {declared!r}, expected {language!r}"
    if language != "ko":
        for text in page.find_all(string=HANGUL):
            # Code (YAML examples, commands) is not prose in a language; it is read as written.
            if text.find_parent(("script", "style", "title", "code", "pre")) or text.find_parent(attrs={"lang": "ko"}):
                continue
            yield f"7.1.1: Korean text without lang=\"ko\": {' '.join(text.split())[:60]!r} in <{text.parent.name}>"
    title = page.find("title")
    if title is None or not title.get_text(strip=True):
        yield "6.4.2: the page has no title"
    if not email:
        skip = page.select_one("a.md-skip")
        target = skip.get("href", "") if skip else ""
        if not target.startswith("#") or len(target) < 2:
            yield f"6.4.1: no link to skip to the text (a.md-skip with a #target), found {target!r}"
        else:
            landing = page.find(id=unquote(target[1:]))
            if landing is None:
                yield f"6.4.1: the skip link's target {target} is not on the page"
            elif landing.find_parent("article") is None:
                yield f"6.4.1: the skip link's target {target} is not in the text (<article>)"
    for index, table in enumerate(page.find_all("table"), start=1):
        caption = table.find("caption", recursive=False)
        if caption is None or not caption.get_text(strip=True):
            yield f"5.3.1: table {index} has no title (<caption>)"
        heads = table.find_all("th")
        if not heads:
            yield f"5.3.1: table {index} has no header cells (<th>)"
        for head in heads:
            if head.find_parent("thead") is None and head.get("scope") not in ("row", "col", "rowgroup", "colgroup"):
                yield f"5.3.1: table {index}: header cell {head.get_text(strip=True)[:30]!r} outside <thead> without scope"
