"""Rules that span fields and files: the law's notice periods and a sane history.

Each rule returns errors pointing at the line to fix; none of them stops the
others, so an editor sees every broken rule of a run at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from policypress.core.errors import ContentError, Location
from policypress.core.languages import Languages
from policypress.core.bodies import markup_problems, render_body, visible_text
from policypress.core.yamlsource import SourceMap
from policypress.core.model import Policy, Version, has_visible_text
from policypress.core.notice_law import NoticeLaw, notice_law

_FILE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


NoticeHistory = Callable[[dt.date], tuple[int, int]]
"""The notice periods ``(days, adverse_days)`` a policy had on a given day (from its lock's recorded changes)."""


def check_policy(policy: Policy, languages: Languages, *, copy_allowed: bool = False) -> list[ContentError]:
    """Every rule broken by ``policy``, in no particular order.

    Each version is held to the notice periods in force on its announcement
    day, as its lock records them (:func:`required_notice_days`): a policy
    that lengthens its notice does not make its earlier versions wrong.
    ``copy_allowed`` lets a version repeat its predecessor's text (what
    ``new-version`` writes, before the author edits it).
    """
    errors = list(_check_meta(policy, languages))
    for version in policy.versions:
        errors.extend(_check_version(policy, version))
    errors.extend(_check_order(policy))
    if not copy_allowed:
        errors.extend(_check_edited(policy))
    return errors


def required_notice_days(policy: Policy, version: Version, law: NoticeLaw | None = None) -> int:
    """Days of notice ``version`` needs: longer for a change unfavourable to users, never less than the law's.

    Both are those in force on its announcement day: the policy's own from
    its lock's history of its settings when it has one, else ``policy.yml``'s;
    the law's from the dated minimums (``law``, default the package's,
    :mod:`policypress.core.notice_law`).
    """
    notice_history = policy.lock.notice_history() if policy.lock is not None else None
    if notice_history is not None:
        days, adverse_days = notice_history(version.announced)
    else:
        days, adverse_days = policy.meta.notice.days, policy.meta.notice.adverse_days
    minimum = (law or notice_law()).on(version.announced)
    if version.content.adverse:
        return max(adverse_days, minimum.adverse_days)
    return max(days, minimum.days)


#: Names the time zone database holds that are not places: "Factory" (no
#: offset, a placeholder) and the system's own settings, which would make the
#: day a version takes effect depend on the machine that builds the site.
_NOT_PLACES = frozenset({"Factory", "localtime", "posixrules", "posix", "right"})


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zone for zone in available_timezones() if zone.split("/", 1)[0] not in _NOT_PLACES)


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone of a place (``Asia/Seoul``, ``UTC``), the same on every machine.

    >>> is_time_zone("Asia/Seoul"), is_time_zone("localtime"), is_time_zone("Factory")
    (True, False, False)
    """
    if name not in _known_zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


LABEL_LIMIT = 120
"""Characters a label of the labelling summary may hold: a glance, read on a phone."""


def _one_line(source: SourceMap, key: tuple[str | int, ...], label: str, text: str) -> Iterator[ContentError]:
    """A title is one line: it becomes an e-mail subject, a page title, a line of a terminal."""
    if "\n" in text.strip():
        yield ContentError(source.locate_in(key, text, text.index("\n")), f"{label} is a title and holds a line break; write it on one line")


def _check_meta(policy: Policy, languages: Languages) -> Iterator[ContentError]:
    meta, source = policy.meta, policy.source
    for name, texts in (("title", meta.title), ("owner", meta.owner)):
        for code, text in texts.items():
            yield from _one_line(source, (name, code), f"{name}.{code}", text)
    if not is_time_zone(meta.timezone):
        yield ContentError(
            source.locate(("timezone",)),
            f'unknown time zone "{meta.timezone}"; expected an IANA name such as Asia/Seoul',
        )
    if meta.authoritative is not None and meta.authoritative not in languages:
        yield ContentError(
            source.locate(("authoritative",)),
            f'authoritative: "{meta.authoritative}" is not a language of this site ({", ".join(languages.codes)})',
        )


def _check_version(policy: Policy, version: Version) -> Iterator[ContentError]:
    content, source = version.content, version.source
    stem = source.path.stem
    if not _FILE_DATE.fullmatch(stem):
        yield ContentError(
            source.locate(("effective",)),
            f"version files are named by their effective date: rename {source.path.name} to {version.slug}.yml",
        )
    elif stem != version.slug:
        yield ContentError(
            source.locate(("effective",)),
            f"effective {version.slug} does not match the file name {source.path.name}; "
            f"the file of a version is named by its effective date",
        )
    yield from duplicate_ids((section.id, source.locate(("sections", index, "id"))) for index, section in enumerate(content.sections))
    for index, section in enumerate(content.sections):
        for code, text in section.title.items():
            yield from _one_line(source, ("sections", index, "title", code), f'section "{section.id}": title.{code}', text)
    for item, texts in (content.labels or {}).items():
        for code, text in texts.items():
            key = ("labels", item, code)
            yield from _one_line(source, key, f'labels: "{item}".{code}', text)
            if len(text.strip()) > LABEL_LIMIT:
                yield ContentError(
                    source.locate(key),
                    f'labels: "{item}".{code} is {len(text.strip())} characters; a label says it in at most {LABEL_LIMIT} '
                    "(the section it links to says the rest)",
                )
    yield from _check_markup(version)
    yield from _check_notice(policy, version)
    yield from _check_stated_dates(version)


def _check_markup(version: Version) -> Iterator[ContentError]:
    """Markdown whose HTML the site would not show in full: an error where the Markdown has it."""
    content, source = version.content, version.source
    texts: list[tuple[tuple[str | int, ...], str, str]] = []
    if content.preamble is not None:
        texts += [(("preamble", code), f"preamble.{code}", text) for code, text in content.preamble.items()]
    for index, section in enumerate(content.sections):
        texts += [
            (("sections", index, "body", code), f'section "{section.id}": body.{code}', text)
            for code, text in section.body.items()
        ]
    for key, label, text in texts:
        problems = markup_problems(text)
        for problem in problems:
            yield ContentError(source.locate_in(key, text, problem.offset), f"{label}: {problem.message}", problem.severity)
        if not any(problem.severity == "error" for problem in problems) and not _shows_text(text):
            yield ContentError(source.locate(key), f"{label} shows readers no text")


@functools.lru_cache(maxsize=4096)
def _shows_text(markdown: str) -> bool:
    """Whether the HTML of ``markdown`` shows a reader any text (cached as the HTML is: versions repeat most text)."""
    return has_visible_text(visible_text(render_body(markdown)))


def _check_notice(policy: Policy, version: Version) -> Iterator[ContentError]:
    content, source = version.content, version.source
    announced, effective = content.announced, content.effective
    if announced > effective:
        yield ContentError(
            source.locate(("announced",)),
            f"announced {announced} is after effective {effective}; a change is announced before it takes effect",
        )
        return
    adopted = policy.meta.adopted
    if content.notice_waiver is not None:
        if adopted is None:
            yield ContentError(
                source.locate(("notice_waiver",)),
                'notice_waiver is only for versions from before the site was adopted; set "adopted" in policy.yml',
            )
        elif effective > adopted:
            # The version in force on the adoption day may be waived too: it is
            # what a new site starts with, published the day the site opens.
            yield ContentError(
                source.locate(("notice_waiver",)),
                f"notice_waiver is only for versions in force by the day this policy's site was adopted "
                f"({adopted}); this version takes effect on {effective}",
            )
        return
    days = (effective - announced).days
    needed = required_notice_days(policy, version)
    if days < needed:
        kind = "an adverse change to this policy" if content.adverse else "this policy"
        earliest = announced + dt.timedelta(days=needed)
        yield ContentError(
            source.locate(("effective",)),
            f"effective {effective} is {days} {'day' if days == 1 else 'days'} after announced {announced}; "
            f"{kind} needs {needed} days of notice (earliest effective date: {earliest})",
        )


_DATE_TEXT = (
    r"(?P<date>\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일|(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s*\d{4})"
)
#: How a text states its own dates: a label and its date (시행일자: …, Effective Date: …), or 2026년 12월 21일부터 시행.
_STATED = (
    ("effective", re.compile(
        r"(?:시행\s*일자|시행일|효력\s*발생일|(?i:effective\s+date|date\s+of\s+effect|effective\s+(?:from|as\s+of|on)|takes\s+effect\s+on|"
        r"shall\s+take\s+effect\s+on|comes\s+into\s+(?:force|effect)\s+on))\s*[:：]?\s*" + _DATE_TEXT
    )),
    ("effective", re.compile(_DATE_TEXT + r"\s*(?:부터|에)\s*시행")),
    ("announced", re.compile(
        r"(?:공고\s*일자|공고일|공지\s*일자|공지일|(?i:announcement\s+date|date\s+of\s+announcement|announced\s+on|date\s+of\s+notice))"
        r"\s*[:：]?\s*" + _DATE_TEXT
    )),
)  # fmt: skip


def stated_dates(text: str) -> Iterator[tuple[str, dt.date, int]]:
    r"""Where ``text`` states a version's own date: (``effective`` or ``announced``, the date, its offset).

    >>> [(what, day.isoformat()) for what, day, _ in stated_dates("- 공고일자: 2026년 11월 20일\n- Effective Date: December 28, 2026")]
    [('effective', '2026-12-28'), ('announced', '2026-11-20')]
    """
    for what, day, start, _end in _stated_spans(text):
        yield what, day, start


#: A word every pattern of :data:`_STATED` needs: most texts have none, and one search for it is a third of the
#: cost of the three patterns' (at 200 versions, 0.11 s against 0.34 s of every check's time).
_STATED_WORD = re.compile(r"시행|효력|공고|공지|(?i:effect|force|announce|notice)")


def _stated_spans(text: str) -> Iterator[tuple[str, dt.date, int, int]]:
    from policypress.core.parity import parse_date  # (parity reads loaded sites: it imports the loader, which imports this)

    if not _STATED_WORD.search(text):
        return
    for what, pattern in _STATED:
        for match in pattern.finditer(text):
            day = parse_date(match.group("date"))
            if day is not None:
                yield what, day, match.start("date"), match.end("date")


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def restate_dates(text: str, *, announced: dt.date, effective: dt.date) -> str:
    r"""``text`` with every date it states as a version's own replaced by ``announced`` or ``effective``, written alike.

    What ``new-version`` does to the copy it makes: the closing lines of a
    policy (시행일자: …) follow the new dates, as :func:`_check_stated_dates` requires.

    >>> restate_dates("- 공고일자: 2026년 11월 20일\n- Effective Date: December 21, 2026",
    ...               announced=dt.date(2027, 1, 4), effective=dt.date(2027, 2, 3))
    '- 공고일자: 2027년 1월 4일\n- Effective Date: February 3, 2027'
    """
    spans = sorted(_stated_spans(text), key=lambda span: span[2], reverse=True)
    for what, _day, start, end in spans:
        day = effective if what == "effective" else announced
        written = text[start:end]
        if "년" in written:
            new = f"{day.year}년 {day.month}월 {day.day}일"
        elif written[:4].isdigit() and "-" in written:
            new = day.isoformat()
        else:
            new = f"{_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
        text = text[:start] + new + text[end:]
    return text


def _check_stated_dates(version: Version) -> Iterator[ContentError]:
    """A date the text gives as the version's own effective or announcement date is that date.

    Moving a version's date in its file and not in its text would tell
    readers "시행일자: 2026년 12월 28일" on a version in force from the 21st.
    """
    content, source = version.content, version.source
    texts: list[tuple[tuple[str | int, ...], str, str]] = []
    for name in ("summary", "preamble"):
        texts += [((name, code), f"{name}.{code}", text) for code, text in (getattr(content, name) or {}).items()]
    for index, section in enumerate(content.sections):
        texts += [(("sections", index, "body", code), f'section "{section.id}": body.{code}', text) for code, text in section.body.items()]
    own = {"effective": content.effective, "announced": content.announced}
    for key, label, text in texts:
        for what, day, offset in stated_dates(text):
            if day != own[what]:
                field = "takes effect on" if what == "effective" else "is announced on"
                yield ContentError(
                    source.locate_in(key, text, offset),
                    f"{label} gives {day} as the version's {'effective' if what == 'effective' else 'announcement'} "
                    f"date, but this version {field} {own[what]} ({what}: {own[what]}): correct the date in the text",
                )


def _check_order(policy: Policy) -> Iterator[ContentError]:
    # Versions arrive sorted by effective date; equal dates are the only way
    # the order can break once file names match their dates.
    previous: Version | None = None
    for version in policy.versions:
        if previous is not None and version.effective <= previous.effective:
            yield ContentError(
                version.source.locate(("effective",)),
                f"effective {version.effective} is also the effective date of {previous.source.path.name}; "
                "effective dates must strictly increase",
            )
        previous = version


def _squashed(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _reader_text(version: Version) -> tuple[object, ...]:
    """What a reader of ``version`` sees besides its dates and summary, whitespace aside."""
    content = version.content
    preamble = tuple(sorted((code, _squashed(text)) for code, text in (content.preamble or {}).items()))
    sections = tuple(
        (section.id, *((code, _squashed(section.title.get(code)), _squashed(section.body.get(code))) for code in sorted(section.body)))
        for section in content.sections
    )
    declared = tuple(
        (item, tuple(sorted((code, _squashed(text)) for code, text in reasons.items())))
        for item, reasons in sorted((content.not_applicable or {}).items())
    )
    labels = tuple(
        (item, tuple(sorted((code, _squashed(text)) for code, text in texts.items())))
        for item, texts in sorted((content.labels or {}).items())
    )
    return preamble, sections, declared, labels


def _check_edited(policy: Policy) -> Iterator[ContentError]:
    # `new-version` starts from a copy: published unedited, it would announce a
    # change that changes nothing, under the previous change's reasons.
    for previous, version in zip(policy.versions, policy.versions[1:]):
        if _reader_text(version) == _reader_text(previous):
            yield ContentError(
                version.source.locate(("sections",)),
                f"version {version.slug} has the same text as {previous.slug}: a new version changes a section, "
                "a title or the preamble (edit it, or delete the file)",
            )
        for code, text in version.content.summary.items():
            if _squashed(text) == _squashed(previous.content.summary.get(code)):
                yield ContentError(
                    version.source.locate(("summary", code)),
                    f"summary.{code} is the same as in {previous.slug}: say why this version changes the policy "
                    "and what changes",
                )


def duplicate_ids(ids: Iterable[tuple[str, Location]]) -> Iterator[ContentError]:
    """A section id used twice in one version (also run on a file that failed the schema: all errors at once)."""
    seen: dict[str, int] = {}
    for id_, where in ids:
        if id_ in seen:
            yield ContentError(where, f'duplicate section id "{id_}" (first used on line {seen[id_]}); give each section its own id')
        else:
            seen[id_] = where.line
