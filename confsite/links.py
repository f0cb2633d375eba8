"""The link checker: every internal link, asset and #anchor of a built site must resolve.

One piece used by `check` (on the rendered outputs, before anything is written: each page's links
by the process that renders it, `LinkCheck`, then the links to places on other pages,
`anchor_problems`) and by the tests (on a built folder). External links are not fetched here.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import html.parser
import pathlib
import re
import sys
from collections.abc import Mapping, Set
from typing import Any
from urllib.parse import unquote, urlsplit

from .html_tags import TAG, attribute_values
from .problems import Problem, Where
from .suggestions import CAPITALS

LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.ids: set[str] = {"", "top"}  # HTML defines both as valid fragments
        self.images_without_alt: list[int] = []
        self.embedded: list[tuple[str, int]] = []  # what the page loads by itself (not links to follow)
        self.repeated_ids: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            if str(values["id"]) in self.ids:
                self.repeated_ids.append((str(values["id"]), self.getpos()[0]))
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        if tag == "img" and "alt" not in values:
            self.images_without_alt.append(self.getpos()[0])
        attribute = LINKING.get(tag)
        if attribute and values.get(attribute) is not None:
            if tag == "link" and values.get("rel") in ("canonical", "alternate"):
                return  # absolute by standard; checked as part of sitemap tests
            self.links.append((str(values[attribute]), self.getpos()[0]))
            if tag != "a":
                self.embedded.append((str(values[attribute]), self.getpos()[0]))


@dataclasses.dataclass(frozen=True, slots=True)
class PageLinks:
    """What the link check needs of one page, read once (when it is rendered, or from the cache)."""

    links: tuple[tuple[str, int], ...]  # (URL, line)
    ids: frozenset[str]
    images_without_alt: tuple[int, ...]
    embedded: tuple[tuple[str, int], ...]
    repeated_ids: tuple[tuple[str, int], ...] = ()  # (id, line) of each id a page gives again


def shown(url: str) -> str:
    """An address as a message quotes it: as `repr` does (a control character escaped), but a
    backslash as it was typed (files\\agenda.pdf, not files\\\\agenda.pdf). `link_sources` finds it so."""
    return repr(url).replace("\\\\", "\\")


def parsed_links(data: bytes) -> PageLinks:
    """`page_links` by a full HTML parse: the reference the fast reading is tested against."""
    collector = _Collector()
    collector.feed(data.decode("utf-8", errors="replace"))
    return PageLinks(tuple(collector.links), frozenset(collector.ids), tuple(collector.images_without_alt),
                     tuple(collector.embedded), tuple(collector.repeated_ids))


_ID = re.compile("id", re.I)
# Most tags a page links from are written the same on many pages (the navigation, the language
# links, a person's link on each agenda): their attributes are read once, and never changed after.
# A thousand of them find 7 in 10 tags on a large series, in under a megabyte (16,384: 8 in 10, 11 MB).
_page_attributes = functools.lru_cache(maxsize=1024)(attribute_values)


def page_links(data: bytes, text: str | None = None) -> PageLinks:
    """What the link check needs of a page, read with one regular expression over its tags: about
    four times faster than a full parse (`parsed_links`), and equal to it on every page the
    templates make (tests/test_links.py). Only the attributes of a tag that may hold a link, an id
    or a name are read: reading them is most of the time spent. `text`: the page's bytes decoded
    as here, when the caller has them already."""
    if text is None:
        text = data.decode("utf-8", errors="replace")
    line, counted = 1, 0  # the line of the last tag read, counted up to its start
    links: list[tuple[str, int]] = []
    ids = {"", "top"}  # HTML defines both as valid fragments
    without_alt: list[int] = []
    embedded: list[tuple[str, int]] = []
    repeated_ids: list[tuple[str, int]] = []
    for m in TAG.finditer(text):
        script, script_attributes, raw, attributes = m.groups()  # `html_tags._start_tag`, inline: it runs for every tag
        if raw is None:
            if script is None:
                continue  # a comment
            raw, attributes = script, script_attributes
        attributes = attributes or ""
        tag = raw.lower()
        attribute = LINKING.get(tag)
        if attribute is None and _ID.search(attributes) is None:
            continue
        values = _page_attributes(attributes)
        line += text.count("\n", counted, counted := m.start())  # (the tags come in order)
        if values.get("id"):
            ident = sys.intern(str(values["id"]))  # the same ids and addresses recur on every page
            if ident in ids:
                repeated_ids.append((ident, line))
            ids.add(ident)
        if tag == "a" and values.get("name"):
            ids.add(str(values["name"]))
        if tag == "img" and "alt" not in values:
            without_alt.append(line)
        if attribute and values.get(attribute) is not None:
            if tag == "link" and values.get("rel") in ("canonical", "alternate"):
                continue  # absolute by standard; checked as part of sitemap tests
            url = sys.intern(str(values[attribute]))
            links.append((url, line))
            if tag != "a":
                embedded.append((url, line))
    return PageLinks(tuple(links), frozenset(ids), tuple(without_alt), tuple(embedded), tuple(repeated_ids))


# What a browser does with an address before it reads it (WHATWG URL): spaces and C0 controls at
# either end go, tabs and line breaks anywhere go, and in an http(s), ws(s), ftp or file address
# (and a relative one, on this site's http(s) pages) a '\' before the query is a '/'. So
# 'https:/\host/x', 'http:host/x' and '\\host\x' all load from 'host'.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})
HOST_SCHEMES = SPECIAL_SCHEMES - {"file"}  # an address with one of these names a host, with or without '//'


def browser_address(url: str) -> str:
    """`url` as a browser reads it from a page of this site, before resolving it: stripped, without
    tabs and line breaks, with '\\' as '/' where the browser takes it so."""
    text = _TAB_OR_NEWLINE.sub("", url.strip(_C0_AND_SPACE))
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in SPECIAL_SCHEMES:
        return text  # mailto:, data:...: a backslash is only a character there
    end = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=len(text))
    return text[:end].replace("\\", "/") + text[end:]


@functools.lru_cache(maxsize=4096)  # the same stylesheet, scripts and pictures are on every page
def other_host(url: str) -> bool:
    """Whether a browser on a page of this site would fetch `url` from another host."""
    address = browser_address(url)
    scheme = _SCHEME.match(address)
    if scheme:
        return scheme.group(1).lower() in HOST_SCHEMES  # 'http:host/x' on an https page goes to 'host'
    return address.startswith("//")


GENERATED_LATER = ("pagefind/",)  # the search index is made after the pages are written


def check_links(pages: Mapping[str, bytes], files: Set[str], base_path: str = "/") -> list[Problem]:
    """Problems for links in `pages` (output path -> HTML) that miss a file in `files` or an anchor."""
    return check_parsed({path: page_links(data) for path, data in pages.items()}, files, base_path)


def check_parsed(parsed: Mapping[str, PageLinks], files: Set[str], base_path: str = "/") -> list[Problem]:
    """`check_links` on pages already read (`page_links`)."""
    check = LinkCheck(files, base_path)
    findings = {page: check.page(page, collector) for page, collector in sorted(parsed.items())}
    return [*(problem for found in findings.values() for problem in found.problems), *anchor_problems(findings)]


@dataclasses.dataclass(frozen=True, slots=True)
class Anchor:
    """A link to a place (`#fragment`) on another page of the site: checked once that page's ids
    are known (`anchor_problems`)."""

    url: str
    line: int
    target: str  # the page's output path
    fragment: str


def named_path(address: str) -> str:
    """An address (or a text of addresses) with its character references and percent escapes read:
    the path it names, however a link spells it (Q&amp;A.pdf, a%20b.pdf, caf%c3%a9.pdf), as the
    link check reports it."""
    return unquote(html.unescape(address))


@dataclasses.dataclass(frozen=True, slots=True)
class LinkFindings:
    """What checking one page's links against the site's files found (`LinkCheck.page`): its
    problems, its links to a place on another page, and its own ids, which links to it may name."""

    problems: tuple[Problem, ...]
    anchors: tuple[Anchor, ...]
    ids: frozenset[str]


TO_A_DRAFT = "leads to the draft edition"  # a link that check builds and the published site will not


class LinkCheck:
    """Checks one page's links at a time against the files the site will have, so that each page's
    links are checked by the process that renders it and only its findings are kept: a large site's
    pages hold millions of links, and a handful of them lead to a place on another page."""

    MEMO = 50_000  # links resolved and remembered at most, before the memory starts again

    def __init__(self, files: Set[str], base_path: str = "/", drafts: Mapping[str, str] | None = None,
                 drafts_built: bool = False) -> None:
        """`drafts`: the address prefixes of draft editions ("en/2026-ruse/": "2026-ruse"), which a
        published build leaves out (`drafts_built` False: a link there is broken, and says why) and
        check builds (True: a link there from any other page will be broken once published)."""
        self.files = files
        self.drafts = dict(drafts or {})
        self.draft_prefixes = tuple(self.drafts)
        self.drafts_built = drafts_built
        self.base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        # before the search index exists (checking rendered pages), links into it cannot be checked
        self.skipped = () if any(f.startswith(GENERATED_LATER) for f in files) else GENERATED_LATER
        self.resolved: dict[tuple[str, str], tuple[str, str] | Problem | None] = {}

    def _draft_of(self, path: str) -> str | None:
        """The draft edition whose address `path` is under, if any."""
        return next((slug for prefix, slug in self.drafts.items() if path.startswith(prefix)), None)

    def page(self, page: str, collector: PageLinks) -> LinkFindings:
        """The problems of the page at output path `page`, and its links to places on other pages."""
        problems = [Problem(Where(page, line), f"{shown(url)} loads from another website",
                            "visitors' browsers must not contact other hosts: put the file in the edition's "
                            "files/ folder, or link to it instead of embedding it")  # an error: never published
                    for url, line in collector.embedded if other_host(url)]
        problems += [Problem(Where(page, line), f"the id {ident!r} is used twice on this page, so links to "
                             f"#{ident} may land on the wrong place",
                             f"give the heading another id, like {{#{ident}-2}}, or none (the page has its own "
                             f"'{ident}')", severity="warning") for ident, line in collector.repeated_ids]
        problems += [Problem(Where(page, line), "an image without alt text",
                             "describe the image: ![what it shows](file.jpg), or alt=\"\" if it is decoration",
                             severity="warning") for line in collector.images_without_alt]
        anchors = []
        folder, resolved = page.rpartition("/")[0], self.resolved
        if len(resolved) > self.MEMO:
            resolved.clear()
        for url, line in collector.links:
            # the same few hundred links are on every page: each is resolved once (a relative one
            # once per folder, one to a place on the same page, like '#top', once per page)
            if url.startswith("/") or ":" in url.partition("/")[0]:
                key = ("", url)  # a path from the root, or another scheme: the same from any page
            else:
                key = (page if url.startswith(("#", "?")) or not url else folder, url)
            found = resolved.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = resolved[key] = _resolve(url, page, self.base, self.skipped, self.files,
                                                 {} if self.drafts_built else self.drafts)
            if found is None:
                continue
            if isinstance(found, Problem):
                problems.append(dataclasses.replace(found, where=Where(page, line)))
                continue
            target, fragment = found
            # (the templates' own links to drafts, on the home page, which lists drafts while they are
            # built, are dropped where problems are placed: `link_sources`, which finds them in no text)
            if self.drafts_built and self.draft_prefixes and target.startswith(self.draft_prefixes) \
                    and (slug := self._draft_of(target)) != self._draft_of(page):
                problems.append(Problem(Where(page, line), f"the link {shown(url)} {TO_A_DRAFT} {slug}, "
                                        "which the published site leaves out: there it will be broken",
                                        f"link to it once 'draft: true' is removed from {slug}'s edition.yaml",
                                        severity="warning"))
            if not fragment:
                continue
            if target != page:
                anchors.append(Anchor(url, line, target, fragment))
            elif fragment not in collector.ids:
                problems.append(_broken_anchor(url, fragment, Where(page, line)))
        return LinkFindings(tuple(problems), tuple(anchors), collector.ids)


def anchor_problems(findings: Mapping[str, LinkFindings]) -> list[Problem]:
    """The links to a place on another page that has no such id, once every page's ids are known
    (`findings` by output path; a link to a file that is not a page, like a PDF, is not checked)."""
    return [_broken_anchor(anchor.url, anchor.fragment, Where(page, anchor.line))
            for page, found in sorted(findings.items()) for anchor in found.anchors
            if anchor.target in findings and anchor.fragment not in findings[anchor.target].ids]


def _broken_anchor(url: str, fragment: str, where: Where) -> Problem:
    return Problem(where, f"broken anchor {shown(url)}: no id {fragment!r} on that page",
                   "fix the #anchor or add the id", severity="warning")


_UNSEEN: Any = object()


def _resolve(url: str, page: str, base: str, skipped: tuple[str, ...], files: Set[str],
             left_out: Mapping[str, str]) -> tuple[str, str] | Problem | None:
    """Where a link of `page` leads among the built `files` and to which fragment; a problem (at no
    place yet) when it leads nowhere; None when it is not checked (another site, mail, the index).
    `left_out`: the address prefixes of the draft editions this build leaves out, by slug."""
    address = browser_address(url)
    if other_host(url) or _SCHEME.match(address):
        return None
    parts = urlsplit(address)
    target_path = unquote(parts.path)
    if not target_path:
        target = page
    else:
        relative = not target_path.startswith("/")
        if relative:
            folder = page.rpartition("/")[0]
            target_path = base + (folder + "/" if folder else "") + target_path
        if "/." in target_path:  # (a dot segment needs one; most paths have none, and this runs for each link)
            target_path = without_dot_segments(target_path)
        if not (target_path + "/").startswith(base) and target_path != base.rstrip("/"):
            if relative:
                return Problem(Where(""), f"the link {shown(url)} leads outside the site, to {target_path}",
                               "fix its ../ parts: each goes up one folder", severity="warning")
            return Problem(Where(""), f"the link {shown(url)} is outside the site's path {base}",
                           "write it from the text's own place, without the leading '/' (like 'files/agenda.pdf' "
                           f"or '../about/'): the site is published under {base}, which may change",
                           severity="warning")
        target = target_path[len(base):]
    if target.startswith(skipped):
        return None
    if target == "" or target.endswith("/"):
        target += "index.html"
    elif target not in files and f"{target}/index.html" in files:
        target += "/index.html"
    if target not in files:
        draft = next((slug for prefix, slug in left_out.items() if target.startswith(prefix)), None)
        if draft is not None:
            return Problem(Where(""), f"broken link {shown(url)}: it leads to the draft edition {draft}, which this "
                           "build leaves out", f"link to it once 'draft: true' is removed from {draft}'s "
                           "edition.yaml (build --drafts shows it)", severity="warning")
        if target.startswith("files/") and target.count("/") >= 2:  # an edition's file: files/<edition>/<name>
            _, slug, name = target.split("/", 2)
            return Problem(Where(""), f"broken link {shown(url)}: there is no file {name} in "
                           f"content/editions/{slug}/files/", _capitals(url, target, files) or "put the file "
                           "there, or fix the link's file name (capitals count)", severity="warning")
        if "\\" in url:  # files\agenda.pdf, typed as a Windows folder is: a browser reads it otherwise
            return Problem(Where(""), f"broken link {shown(url)}: a web address separates its folders with '/', "
                           "not '\\'", f"write it '{url.replace(chr(92), '/')}'", severity="warning")
        return Problem(Where(""), f"broken link {shown(url)}: nothing is built at /{target}",
                       "fix the link or the page it points to", severity="warning")
    return target, parts.fragment


def _capitals(url: str, target: str, files: Set[str]) -> str:
    """A "did you mean" for a link to a file that is built under the same name in other capitals
    (which a Mac or Windows disk, but not the web server, takes for the same name)."""
    same = sorted(file for file in files if file.casefold() == target.casefold())
    if not same:
        return ""
    written, built = unquote(urlsplit(url).path), same[0]
    wrong, right = target.split("/", 2)[-1], built.split("/", 2)[-1]  # (the part after files/<edition>/)
    meant = written[:-len(wrong)] + right if written.endswith(wrong) else right
    return f"did you mean {meant!r}? {CAPITALS}"


def without_dot_segments(path: str) -> str:
    """An absolute path with its "." and ".." segments resolved as a browser resolves them
    (RFC 3986, 5.2.4): "/a/b/../c/" is "/a/c/", and ".." at the root stays there."""
    segments = path.split("/")[1:]
    kept: list[str] = []
    for number, segment in enumerate(segments, 1):
        if segment in (".", ".."):
            if segment == ".." and kept:
                kept.pop()
            if number == len(segments):  # "/a/.." is the folder "/", not the file ""
                kept.append("")
        else:
            kept.append(segment)
    return "/" + "/".join(kept)


def check_folder(folder: pathlib.Path, base_path: str = "/") -> list[Problem]:
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    pages = {path: (folder / path).read_bytes() for path in files if path.endswith(".html")}
    return check_links(pages, files, base_path)
