"""How the site is found: sitemap.xml with hreflang alternates (in parts on a large site), robots.txt and an Atom
feed per language (the units in outputs/ that write them call these; outputs/redirect.py makes the
redirect pages at an edition's old URLs).

Absolute URLs are used here because these standards demand them. Nothing depends on the real
clock: feed dates come from the editions themselves, so builds stay reproducible.
"""

from __future__ import annotations

import datetime as dt
import gettext
import xml.etree.ElementTree as ET

from . import moments
from .edition import Edition
from .sanitize import xml_text, xml_tree
from .site import PagePlan, Site

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ATOM = "http://www.w3.org/2005/Atom"


def _xml(root: ET.Element) -> bytes:
    ET.indent(xml_tree(root))  # no control character or NUL from a title makes it ill-formed
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def alternates(site: Site, plan: PagePlan) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of each real translation of a page, then x-default; none for a fallback.
    The x-default of the home pages is the language chooser, which names them and itself so: the
    other pages' is their translation in the site's default language."""
    if plan.is_fallback:
        return []
    found = [(lang, site.urls.absolute(other.path)) for lang in plan.translations
             if (other := site.plan(plan.kind, plan.key, lang))]
    if not found:
        return []
    if plan.kind == "home":  # the language chooser at the site's root (outputs/chooser.py), which names these
        default = site.urls.absolute("")
    else:
        default = dict(found).get(site.content.site.default_language) or found[0][1]
    return [*found, ("x-default", default)]


# URLs in one sitemap file at most. A site with more has a sitemap.xml that lists its parts
# (`sitemap_parts`): the protocol allows 50,000 URLs and 50 MB in one file, and a 300-edition
# series has 46,000 pages in 30 MB; a part of 5,000 is about 3 MB, and made in a few tenths of a second.
SITEMAP_PART = 5_000


def sitemap_pages(site: Site) -> list[PagePlan]:
    """The pages a sitemap lists, in the site's order: every real translation (fallback pages are left
    out, and so are the pages at a renamed edition's old addresses, which only redirect)."""
    return [plan for plan in site.pages if not plan.is_fallback and plan.kind != "redirect"]


def sitemap_parts(site: Site) -> int:
    """How many files the sitemap's URLs are in: 1 (sitemap.xml itself), or more, listed by sitemap.xml."""
    count = len(sitemap_pages(site))
    return 1 if count <= SITEMAP_PART else -(-count // SITEMAP_PART)


def sitemap_part_path(number: int) -> str:
    return f"sitemaps/{number}.xml"


def sitemap(site: Site, part: int = 0) -> bytes:
    """The sitemap's URLs, each with its alternates: all of them, or those of `part` (from 1).

    Written entry by entry, in the bytes ElementTree gives (indented, `'` in the declaration): a
    tree of a 300-edition series' sitemap, 46,000 pages of five elements each, took some 200 MB
    of memory while it was serialised."""
    pages = sitemap_pages(site)
    if part:
        pages = pages[(part - 1) * SITEMAP_PART: part * SITEMAP_PART]
    entries: list[bytes] = []
    linked = False
    for plan in pages:
        links = "".join(f'    <xhtml:link rel="alternate" hreflang="{_attribute(hreflang)}" '
                        f'href="{_attribute(href)}" />\n' for hreflang, href in alternates(site, plan))
        linked = linked or bool(links)
        entries.append(f"  <url>\n    <loc>{_text(site.urls.absolute(plan.path))}</loc>\n{links}  </url>\n".encode())
    namespaces = f'xmlns="{SITEMAP}"' + (f' xmlns:xhtml="{XHTML}"' if linked else "")
    head = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset {namespaces}"
    if not entries:
        return f"{head} />\n".encode()
    return b"".join([f"{head}>\n".encode(), *entries, b"</urlset>\n"])


def sitemap_index(site: Site) -> bytes:
    """sitemap.xml of a site whose URLs are in several files: the address of each."""
    root = ET.Element(f"{{{SITEMAP}}}sitemapindex")
    for number in range(1, sitemap_parts(site) + 1):
        entry = ET.SubElement(root, f"{{{SITEMAP}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = site.urls.absolute(sitemap_part_path(number))
    ET.register_namespace("", SITEMAP)
    return _xml(root)


def _text(value: str) -> str:
    """An element's text as ElementTree writes it, without what XML cannot hold (`xml_text`)."""
    return xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """An attribute's value as ElementTree writes it between double quotes."""
    return (_text(value).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.urls.absolute('sitemap.xml')}\n".encode()


def _published(edition: Edition) -> str:
    return moments.at(edition, edition.start, dt.time(0, 0)).isoformat()


def feed(site: Site, lang: str, translations: gettext.NullTranslations) -> bytes:
    """The editions, newest first, in one language (texts fall back to the edition's original)."""
    _ = translations.gettext
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    config = site.content.site
    title = config.plain(config.title, lang)
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"{title}: {_('Editions')}"
    ET.SubElement(root, f"{{{ATOM}}}id").text = site.urls.absolute(f"{lang}/")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=site.urls.absolute(f"{lang}/feed.xml"))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=site.urls.absolute(f"{lang}/"))
    editions = sorted((s.edition for s in site.editions), key=lambda e: (e.start, e.slug), reverse=True)
    updated = max((_published(e) for e in editions), default="1970-01-01T00:00:00+00:00")
    ET.SubElement(root, f"{{{ATOM}}}updated").text = updated
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = title
    for edition in editions:
        plan = site.plan("edition", edition.slug, lang)
        if plan is None:
            continue
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = config.plain(edition.title, lang, edition.original_language)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = site.urls.absolute(plan.path)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=site.urls.absolute(plan.path))
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _published(edition)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _published(edition)
        if edition.theme:
            summary = config.plain(edition.theme, lang, edition.original_language)
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    return _xml(root)
