"""Links: root-relative with the base path; a sub-path build resolves every internal link and asset."""

import pathlib

import pytest
from conftest import FIXED_NOW, ROOT, FixtureSite
from test_sanitize import HOSTILE

from confsite import render
from confsite.links import check_folder, check_links, page_links, parsed_links, shown
from confsite.pipeline import Options, Result, build


def test_the_checker_finds_broken_links_and_anchors() -> None:
    pages = {"en/index.html": b'<a href="/conf/en/x/">x</a><a href="/conf/en/#nope">y</a>'
                              b'<a href="/en/">outside</a><a id="here" href="#here">ok</a>'}
    problems = check_links(pages, {"en/index.html"}, "/conf/")
    assert sorted(p.message for p in problems) == [
        "broken anchor '/conf/en/#nope': no id 'nope' on that page",
        "broken link '/conf/en/x/': nothing is built at /en/x/index.html",
        "the link '/en/' is outside the site's path /conf/",
    ]
    [outside] = [p for p in problems if "outside" in p.message]
    assert outside.hint == ("write it from the text's own place, without the leading '/' (like 'files/agenda.pdf' "
                            "or '../about/'): the site is published under /conf/, which may change")


def test_links_that_go_up_a_folder_lead_where_a_browser_takes_them() -> None:
    page = (b'<a href="../about/">up</a><a href="../">home</a><a href="./#top">here</a><a href="../x/../about">'
            b'back and forth</a><a href="/conf/en/../ro/">other</a><a href="../../../../about/">too far</a>'
            b'<a href="../missing/">missing</a><a href="..">the language</a>')
    files = {"en/2026-ruse/index.html", "en/about/index.html", "en/index.html", "ro/index.html"}
    problems = check_links({"en/2026-ruse/index.html": page}, files, "/conf/")
    assert sorted(p.message for p in problems) == [
        "broken link '../missing/': nothing is built at /en/missing/index.html",
        "the link '../../../../about/' leads outside the site, to /about/",
    ]
    assert {p.severity for p in problems} == {"warning"}


def test_a_sub_path_build_has_no_broken_link(tmp_path: pathlib.Path) -> None:
    output = tmp_path / "site"
    result = build(Options(project=ROOT, output=output, base_url="https://example.org/deep/conference/"),
                   FIXED_NOW)
    assert result.ok
    assert check_folder(output, "/deep/conference/") == []
    html = (output / "en/2023-iasi/index.html").read_text(encoding="utf-8")
    assert 'href="/deep/conference/assets/style.css"' in html
    assert 'rel="icon" href="/deep/conference/assets/icon.svg"' in html
    assert '<link rel="canonical" href="https://example.org/deep/conference/en/2023-iasi/">' in html


def test_the_real_site_has_no_broken_link(site_dir: pathlib.Path) -> None:
    assert check_folder(site_dir, "/site/") == []


def test_a_broken_link_in_an_editors_text_is_a_warning_at_its_page(tmp_path: pathlib.Path) -> None:
    from conftest import FixtureSite

    site = FixtureSite(tmp_path / "project")
    site.edition()
    site.write("content/editions/2030-iasi/index.en.md", "See [the agenda](/conf/en/2030-iasi/agenda/#day-2).\n")
    problems = [p for p in site.build(write=False).problems if "broken" in p.message]
    assert [f"{p.where}: {p.message}" for p in problems] == [  # at the line and column of the address
        "content/editions/2030-iasi/index.en.md:1:18: broken link '/conf/en/2030-iasi/agenda/#day-2': nothing is "
        "built at /en/2030-iasi/agenda/index.html (on /en/2030-iasi/index.html)",
        "content/editions/2030-iasi/index.en.md:1:18: broken link '/conf/en/2030-iasi/agenda/#day-2': nothing is "
        "built at /en/2030-iasi/agenda/index.html (on /ro/2030-iasi/index.html)",
    ]
    assert all(p.severity == "warning" for p in problems)


def test_a_missing_file_is_named_as_the_editor_wrote_it_at_its_line(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "Welcome.\n\nThe plan: [the agenda](files/agenda-final.pdf), in print.\n")
    problems = [f"{p.where}: {p.message}" for p in fixture_site.build(write=False).problems if "broken" in p.message]
    assert problems[0] == ("content/editions/2030-iasi/index.en.md:3:24: broken link 'files/agenda-final.pdf': "
                           "there is no file agenda-final.pdf in content/editions/2030-iasi/files/ "
                           "(on /en/2030-iasi/index.html)")


def test_a_link_written_with_backslashes_is_told_to_use_slashes_at_its_line(fixture_site: FixtureSite) -> None:
    """files\\agenda.pdf, as a Windows folder is written: it was "broken link 'files\\\\agenda.pdf':
    nothing is built at …" (the backslash doubled), with "fix the link or the page it points to"."""
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/files/agenda.pdf", "%PDF-1.4\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome.\n\nThe [agenda](files\\agenda.pdf).\n")
    [problem] = [p for p in fixture_site.build(write=False).problems if "broken" in p.message and "/en/" in p.message]
    assert f"{problem.where}: {problem.message}" == (
        "content/editions/2030-iasi/index.en.md:3:14: broken link 'files\\agenda.pdf': a web address separates its "
        "folders with '/', not '\\' (on /en/2030-iasi/index.html)")
    assert problem.hint == "write it 'files/agenda.pdf'"


def test_a_missing_file_whose_name_has_spaces_or_brackets_is_placed_at_its_line(fixture_site: FixtureSite) -> None:
    """However the link spells the name: percent escapes, a character reference, <…> around a name
    with spaces, brackets inside the (…) of a Markdown link."""
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "Welcome.\n\n[The programme](files/Programme%20(final).pdf).\n\n[The plan](<files/a b.pdf>).\n\n"
                       '<a href="files/Q&amp;A.pdf">Q&amp;A</a>\n')
    problems = [f"{p.where}: {p.message}" for p in fixture_site.build(write=False).problems
                if "broken" in p.message and "(on /en/" in p.message]
    assert problems == [
        "content/editions/2030-iasi/index.en.md:3:17: broken link 'files/Programme%20(final).pdf': there is no file "
        "Programme (final).pdf in content/editions/2030-iasi/files/ (on /en/2030-iasi/index.html)",
        "content/editions/2030-iasi/index.en.md:5:13: broken link 'files/a b.pdf': there is no file a b.pdf in "
        "content/editions/2030-iasi/files/ (on /en/2030-iasi/index.html)",
        "content/editions/2030-iasi/index.en.md:7:10: broken link 'files/Q&amp;A.pdf': there is no file Q&A.pdf in "
        "content/editions/2030-iasi/files/ (on /en/2030-iasi/index.html)",
    ]


def test_a_link_to_a_file_in_other_capitals_is_told_the_files_name(fixture_site: FixtureSite) -> None:
    """It works on a Mac or Windows, whose disks take Slides.pdf for slides.pdf, and is broken on the server."""
    fixture_site.edition()
    (fixture_site.root / "content/editions/2030-iasi/files").mkdir()
    (fixture_site.root / "content/editions/2030-iasi/files/slides.pdf").write_bytes(b"%PDF-1.4\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "The [slides](files/Slides.pdf).\n")
    hints = {p.hint for p in fixture_site.build(write=False).problems if "broken" in p.message}
    assert hints == {"did you mean 'files/slides.pdf'? names differ in capitals: the web server tells them apart"}


def test_a_broken_link_is_placed_where_the_text_writes_it_as_a_link(fixture_site: FixtureSite) -> None:
    """Not where the same words appear first in prose, nor in a code block above."""
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "The old page /conf/en/old/ has moved.\n\n```\nsee /conf/en/old/\n```\n\n"
                       "Still: [the old page](/conf/en/old/).\n")
    problems = [p for p in fixture_site.build(write=False).problems
                if "broken" in p.message and "(on /en/" in p.message]
    assert [str(p.where) for p in problems] == ["content/editions/2030-iasi/index.en.md:7:23"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_link_to_a_place_on_another_page_is_checked_against_that_page_as_built_now(
        fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Each page's links are checked by the process that renders it, or reads it from the cache; a
    link to a place on another page is checked once every page's ids are known. So a page kept in
    the cache is told when the heading it links to is gone from a page made again."""
    monkeypatch.setattr(render, "PARALLEL_FROM", 8)  # this small site rendered by two processes (jobs=2)
    monkeypatch.setattr(render, "READ_PARALLEL_FROM", 8)  # and read from the cache by two
    fixture_site.edition()
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\n## History {#history}\n\nHow it began.\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "Read [our history](/conf/en/about/#history) and [our plans](/conf/en/about/#plans).\n")

    def anchors(result: Result) -> list[str]:  # (the Romanian page shows the English text: it has no text of its own)
        return [f"{p.where}: {p.message} ({p.severity})" for p in result.problems
                if "anchor" in p.message and "(on /en/" in p.message]

    broken = ("content/editions/2030-iasi/index.en.md:1:{}: broken anchor '/conf/en/about/#{}': no id '{}' on "
              "that page (on /en/2030-iasi/index.html) (warning)")
    assert anchors(fixture_site.build(jobs=jobs)) == [broken.format(61, "plans", "plans")]
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\n## Plans {#plans}\n\nWhat comes next.\n")
    rendered: list[str] = []
    one = render.Run.one
    monkeypatch.setattr(render.Run, "one", lambda run, index: rendered.append(run.planned[index][1].path)
                        or one(run, index))
    result = fixture_site.build(jobs=1)
    assert "en/about/index.html" in rendered and "en/2030-iasi/index.html" not in rendered  # kept in the cache
    assert anchors(result) == [broken.format(20, "history", "history")]
    monkeypatch.setattr(render.Run, "one", one)
    assert anchors(fixture_site.build(jobs=jobs)) == [broken.format(20, "history", "history")]  # all from the cache


def test_embedding_from_another_host_is_an_error_and_nothing_is_published(tmp_path: pathlib.Path) -> None:
    from conftest import FixtureSite, run_cli

    site = FixtureSite(tmp_path / "project")
    site.edition()
    site.write("content/editions/2030-iasi/index.en.md",
               "![Logo](https://tracker.example.com/a.png)\n\n[A link is fine](https://example.org/)\n")
    errors = [w for w in site.messages() if "another website" in w]
    assert errors == ["content/editions/2030-iasi/index.en.md:1:9: 'https://tracker.example.com/a.png' loads from "
                      "another website (on /en/2030-iasi/index.html)",
                      "content/editions/2030-iasi/index.en.md:1:9: 'https://tracker.example.com/a.png' loads from "
                      "another website (on /ro/2030-iasi/index.html)"]
    assert site.messages() == errors  # the link to another website is fine
    code, output = run_cli(["build", "--project", str(site.root), "--no-search"])
    assert code == 1 and "tracker.example.com" in output and not (site.root / "_site").exists()


def test_embedding_from_another_host_is_reported_however_the_address_is_written(fixture_site: FixtureSite) -> None:
    """Browsers read '\\' as '/' in an http(s) address, 'http:host/x' as 'http://host/x', and drop
    tabs, line breaks and spaces around it: each of these loads from tracker.example.net."""
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "![Harbour](https:/\\tracker.example.net/pixel.png)\n\n"
                       '<img alt="Quay" src="http:tracker.example.net/p2.png">\n\n'
                       '<img alt="Crane" src="https:\\\\tracker.example.net\\p3.png">\n\n'
                       '<img alt="Mast" src="\\\\tracker.example.net\\p4.png">\n\n'
                       '<img alt="Buoy" src=" /&#9;/tracker.example.net/p5.png">\n\n'
                       "![Pier](https://tracker.example.net/x.png)\n")
    urls = ["https:/\\tracker.example.net/pixel.png", "http:tracker.example.net/p2.png",
            "https:\\\\tracker.example.net\\p3.png", "\\\\tracker.example.net\\p4.png",
            " /&#9;/tracker.example.net/p5.png", "https://tracker.example.net/x.png"]
    errors = [w for w in fixture_site.messages() if "another website" in w and "/en/" in w]
    # each at its line and column, as written (the fifth with an entity, &#9;, which is read as a tab)
    places = [":1:12", ":3:22", ":5:23", ":7:22", ":9:22", ":11:9"]
    assert sorted(errors) == sorted(f"content/editions/2030-iasi/index.en.md{place}: {shown(url)} loads from another "
                                    "website (on /en/2030-iasi/index.html)"
                                    for place, url in zip(places, urls, strict=True))


def test_links_written_with_backslashes_are_read_as_a_browser_reads_them() -> None:
    pages = {"en/index.html": b'<a href="https:/\\other.example/x">a</a><a href="http:other.example/y">b</a>'
                              b'<a href="\\\\other.example\\z">c</a><a href="files\\a.pdf">d</a>'
                              b'<a href="\\conf\\en\\files\\a.pdf">e</a><a href="files\\b.pdf">f</a>'}
    problems = check_links(pages, {"en/index.html", "en/files/a.pdf"}, "/conf/")
    # (a link that leads to a file after all, as a browser reads it, is none of the editor's business)
    assert [p.message for p in problems] == ["broken link 'files\\b.pdf': a web address separates its folders "
                                             "with '/', not '\\'"]


def test_the_fast_reading_of_a_page_equals_a_full_parse(site_dir: pathlib.Path, fixture_site: FixtureSite) -> None:
    """The link check reads each page with one regular expression; on every page of the real site,
    and on pages whose texts held hostile HTML (left after sanitising), it finds what a full HTML
    parse finds: the same links and lines, ids, images without alt text and embedded files."""
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "\n\n".join(text for _, text, _ in HOSTILE) + "\n\n<img src=a.png>\n<a name=x href='#x'>a</a>\n")
    assert fixture_site.build().ok
    pages = [*site_dir.rglob("*.html"), *(fixture_site.root / "_site").rglob("*.html")]
    assert len(pages) > 200
    tricky = [b'<p title="a > b" id=one>x</p><!-- <a href="/no/"> --><script>var a = "<a href=/no/>";</script>'
              b"<IMG SRC='x.png'\n ALT=\"\"><a\nhref=\"/yes/&amp;q\">y</a><link rel=canonical href=/c/>"]
    for data in [*(path.read_bytes() for path in pages), *tricky]:
        assert page_links(data) == parsed_links(data)
    assert page_links(tricky[0]).links == (("x.png", 1), ("/yes/&q", 2))


def test_a_heading_id_the_page_already_has_is_reported_at_the_text(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Intro.\n\n## Skip {#main}\n")
    warnings = fixture_site.warnings()
    assert any(w.startswith("content/editions/2030-iasi/index.en.md") and "the id 'main' is used twice" in w
               for w in warnings), warnings


def test_a_link_to_a_draft_edition_is_said_in_check_and_in_the_build(fixture_site: FixtureSite) -> None:
    """check builds drafts, so the link resolved and check --strict passed; the published build then
    warned of a broken link without saying why."""
    fixture_site.edition()
    fixture_site.edition("2031-ruse", dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13",
                         title="title: {en: Ruse}\ndraft: true")
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nSee [Ruse](../2031-ruse/) and "
                       "[Iași](../2030-iasi/).\n\nOr [from the root](/conf/en/2031-ruse/).\n")
    said = [f"{p.where}: {p.message}" for p in fixture_site.build(write=False, include_drafts=True).problems
            if "draft" in p.message]
    assert sorted(said) == sorted([
        *(f"content/pages/about.en.md:4:12: the link '../2031-ruse/' leads to the draft edition 2031-ruse, "
          f"which the published site leaves out: there it will be broken (on /{lang}/about/index.html)"
          for lang in ("en", "ro")),
        *(f"content/pages/about.en.md:6:20: the link '/conf/en/2031-ruse/' leads to the draft edition 2031-ruse, "
          f"which the published site leaves out: there it will be broken (on /{lang}/about/index.html)"
          for lang in ("en", "ro"))])  # and not the home page's own list of editions, which the templates write
    built = [f"{p.where}: {p.message}" for p in fixture_site.build(search=False).problems if "draft" in p.message]
    assert [message for message in built if "../2031-ruse/" in message] == [
        f"content/pages/about.en.md:4:12: broken link '../2031-ruse/': it leads to the draft edition "
        f"2031-ruse, which this build leaves out (on /{lang}/about/index.html)" for lang in ("en", "ro")]
