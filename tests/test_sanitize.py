"""Editors' Markdown is sanitised: hostile HTML, by family, never reaches a page, `check` warns at
the Markdown file and line of each removal, and the markup editors' texts need survives."""

from __future__ import annotations

import re

import pytest
from checking import check_in_a_process
from conftest import ROOT, FixtureSite
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from confsite.cli import main
from confsite.converter import markdown_converter
from confsite.problems import Problem, Where
from confsite.sanitize import ATTRIBUTES, TAGS, URL_SCHEMES, clean_html, markdown_html, removal_problems

EDITION_TEXT = "content/editions/2030-iasi/index.en.md"
PAGE_TEXT = "content/pages/about.en.md"
PAGE_HEADER = "---\ntitle: About\n---\n"  # the body starts on line 4

# (family, the hostile text, what the warning says): each is written from line 3 of a text, and
# the warning is at the text's last line (where the attribute list or link definition is)
HOSTILE = [
    ("element", "<script>alert(1)</script>", "<script> and its content"),
    ("element", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script> and its content"),
    ("element", "<style>body { display: none }</style>", "<style> and its content"),
    ("element", '<iframe src="https://evil.example/"></iframe>', "<iframe>"),
    ("element", '<object data="x.swf"></object>', "<object>"),
    ("element", '<embed src="x.swf">', "<embed>"),
    ("element", '<form action="https://evil.example/"><input name="q"></form>', "<form>"),
    ("element", "<svg onload=alert(1)>", "<svg>"),
    ("element", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<math>"),
    ("element", '<base href="https://evil.example/">', "<base>"),
    ("element", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta>"),
    ("handler", "<img src=x.png alt=x onerror=alert(1)>", "'onerror'"),
    ("handler", '<a href="/" onclick="alert(1)">here</a>', "'onclick'"),
    ("handler", '<p onmouseover="alert(1)">hover</p>', "'onmouseover'"),
    ("handler", '<img src="x.png" alt="x" srcset="javascript:alert(1)">', "'srcset'"),
    ("element", "<details open ontoggle=alert(1)>x</details>", "<details>"),
    ("handler", '<abbr title="x" style="background:url(javascript:alert(1))">A</abbr>', "'style'"),
    ("attr_list", "A paragraph\n{: onclick=\"alert(1)\" }", "'onclick'"),
    ("attr_list", "## A heading {: onmouseover=alert(1) }", "'onmouseover'"),
    ("attr_list", "![x](x.png){: onerror=alert(1) }", "'onerror'"),
    ("scheme", "[click](javascript:alert(1))", "'javascript:alert(1)'"),
    ("scheme", "[click](JAVASCRIPT:alert(1))", "'JAVASCRIPT:alert(1)'"),
    ("scheme", "[click](&#106;avascript:alert(1))", "'javascript:alert(1)'"),
    ("scheme", "[click](&#x6A;&#x61;vascript:alert(1))", "'javascript:alert(1)'"),
    ("scheme", "[click](java&#9;script:alert(1))", "'java\\tscript:alert(1)'"),
    ("scheme", "[click](vbscript:msgbox(1))", "'vbscript:msgbox(1)'"),
    ("scheme", "[click](data:text/html;base64,PHNjcmlwdD4=)", "'data:text/html;base64,PHNjcmlwdD4='"),
    ("scheme", '<a href=" javascript:alert(1)">raw</a>', "'javascript:alert(1)'"),
    ("scheme", '<a href="java&#10;script:alert(1)">raw</a>', "'java\\nscript:alert(1)'"),
    ("scheme", '<a href="&#0000106avascript:alert(1)">raw</a>', "'javascript:alert(1)'"),
    ("scheme", "[click](<javascript:alert(1)>)", "'javascript:alert(1)'"),
    ("reference", "[click][evil]\n\n[evil]: javascript:alert(1)", "'javascript:alert(1)'"),
    ("image", "![x](javascript:alert(1))", "'javascript:alert(1)'"),
    ("image", "![x][pic]\n\n[pic]: data:image/svg+xml;base64,PHN2Zz4=", "'data:image/svg+xml;base64,PHN2Zz4='"),
]
EXECUTABLE = ("script", "style", "iframe", "object", "embed", "form", "svg", "math", "base", "meta")


def removals(problems: list[Problem], path: str) -> list[Problem]:
    """The sanitiser's warnings about one text (the link checker may have its own say)."""
    return [p for p in problems if p.where.path == path and p.severity == "warning" and "removed" in p.message]


def executable_markup(html: str) -> list[str]:
    """Everything of a built page's main content that could run or load something."""
    main = HTMLParser(html).css_first("main")
    assert main is not None
    found = [node.tag for node in main.traverse() if node.tag in EXECUTABLE]
    for node in main.traverse():
        for name, value in node.attributes.items():
            if name.startswith("on") or name in ("style", "srcdoc", "srcset", "formaction"):
                found.append(f"{node.tag}[{name}]")
            if name in ("href", "src") and value and ":" in value.split("/")[0]:
                scheme = value.split(":")[0].strip().lower()
                if scheme not in URL_SCHEMES:
                    found.append(f"{node.tag}[{name}={value}]")
    return found


@pytest.mark.parametrize(("family", "line", "said"), HOSTILE, ids=[f"{h[0]}-{i}" for i, h in enumerate(HOSTILE)])
def test_hostile_html_in_an_edition_text_is_removed_with_a_warning_at_its_line(
        fixture_site: FixtureSite, family: str, line: str, said: str) -> None:
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, f"# Welcome\n\n{line}\n\nThe end.\n")
    result = fixture_site.build()
    assert result.ok, "\n".join(p.format() for p in result.errors)
    page = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text(encoding="utf-8")
    assert executable_markup(page) == []
    assert "alert(1)" not in HTMLParser(page).css_first("main").html.replace("alert(1)</", "")
    warnings = removals(result.problems, EDITION_TEXT)
    expected = 3 + line.count("\n")
    assert [(p.where.line, said in p.message) for p in warnings][:1] == [(expected, True)], \
        [p.format() for p in warnings]
    assert all(p.hint for p in warnings)


def test_check_warns_at_the_page_line_after_its_header(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write(PAGE_TEXT, PAGE_HEADER + "Hello.\n\n[a](/conf/en/) <img src=x alt=y onerror=alert(1)>\n"
                                                "\n<script>alert(2)</script>\n")
    problems = removals(fixture_site.build(write=False).problems, PAGE_TEXT)
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{PAGE_TEXT}:6:33: the HTML attribute 'onerror' was removed from a <img> in this text",
        f"{PAGE_TEXT}:8:1: the HTML element <script> and its content were removed from this text",
    ]


def test_each_repeat_is_reported_at_its_own_line(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, "[a](javascript:x)\n\n[b](javascript:x)\n\n<iframe></iframe>\n<iframe></iframe>\n")
    problems = removals(fixture_site.build(write=False).problems, EDITION_TEXT)
    assert [p.where.line for p in problems] == [1, 3, 5, 6]


def test_the_markup_editors_use_survives(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, """\
        ## Programme {#programme lang="en" title="The day"}

        | Time | Room |
        |:-----|-----:|
        | 9:00 | A    |

        *Dates* and **places**: <abbr title="Small and medium-sized enterprises">SMEs</abbr>,
        <span lang="ro">Bun venit</span>, `code`, [mail](mailto:info@example.org), [call](tel:+40123),
        [web](https://example.org/x?a=1&b=2), [home](/conf/en/), ![A hall](files/hall.jpg).

        <figure><img src="files/hall.jpg" alt="The hall" width="300" height="200">
        <figcaption>The hall</figcaption></figure>

        > A quote

        1. one
        2. two
        ---
        """)
    fixture_site.write("content/editions/2030-iasi/files/hall.jpg", "not really a picture")
    result = fixture_site.build(write=False)
    assert [p.format() for p in result.problems if p.where.path == EDITION_TEXT] == []
    html = next(o.data for o in result.outputs if o.path == "en/2030-iasi/index.html").decode()
    main = HTMLParser(html).css_first("main")
    heading = main.css_first("h2#programme")
    assert heading.attributes == {"id": "programme", "lang": "en", "title": "The day"}
    assert [c.attributes.get("style") for c in main.css("th")] == ["text-align:left", "text-align:right"]
    assert main.css_first("abbr").attributes["title"] == "Small and medium-sized enterprises"
    assert main.css_first("span[lang=ro]").text() == "Bun venit"
    hrefs = [a.attributes["href"] for a in main.css("a")]
    for href in ("mailto:info@example.org", "tel:+40123", "https://example.org/x?a=1&b=2", "/conf/en/"):
        assert href in hrefs
    assert main.css_first("figure figcaption").text() == "The hall"
    assert main.css_first("figure img").attributes == {"src": "/conf/files/2030-iasi/hall.jpg", "alt": "The hall",
                                                      "width": "300", "height": "200"}
    for tag in ("blockquote", "ol li", "code", "em", "strong", "hr"):
        assert main.css_first(tag) is not None, tag


def test_a_text_without_html_is_unchanged() -> None:
    html = '<h2 id="a">A &amp; B</h2>\n<p><a href="/x/">x</a> <em>y</em></p>'
    assert clean_html(html).html == html
    assert clean_html(html).removed == ()


def test_markup_only_rewritten_is_no_removal_but_a_removal_beside_it_is_found() -> None:
    """The sanitiser rewrites some allowed markup (`<hr />`, a column's alignment) without removing
    anything: no warning. The same fragment with one removal among the rewrites reports that one."""
    html = '<hr />\n<table><tr><th style="text-align: right;">A</th></tr></table><p title=\'x\'>y</p>'
    assert clean_html(html).html != html
    assert clean_html(html).removed == ()
    hostile = html.replace("<p title", "<p onclick='go()' title")
    assert [(r.tag, r.attribute) for r in clean_html(hostile).removed] == [("p", "onclick")]


def test_the_allow_list_has_nothing_that_runs() -> None:
    assert not {"script", "style", "iframe", "object", "embed", "form", "input", "svg", "math"} & TAGS
    assert all(not name.startswith("on") and name != "style"
               for tag, names in ATTRIBUTES.items() if tag not in ("th", "td") for name in names)
    assert {"javascript", "data", "vbscript", "file"}.isdisjoint(URL_SCHEMES)


def test_removals_without_a_match_fall_back_to_the_text_start() -> None:
    cleaned = clean_html('<p><a href="javascript:x">a</a></p>')
    problems = removal_problems(cleaned.removed, "something else entirely", Where("x.md", 7))
    assert [str(p.where) for p in problems] == ["x.md:7:1"]


def test_the_guide_lists_what_the_allow_list_keeps() -> None:
    guide = (ROOT / "docs/editors-guide.md").read_text(encoding="utf-8")
    section = guide.split("## HTML in texts", 1)[1].split("\n## ", 1)[0]
    allowed, removed = section.split("Everything else is removed", 1)
    named = set(re.findall(r"`<(\w+)", allowed))
    assert len(named) >= 15 and named <= TAGS, named - TAGS
    assert {"lang", "dir", "title"} == ATTRIBUTES["*"] and all(f"`{a}`" in allowed for a in ATTRIBUTES["*"])
    assert all(f"`{scheme}:`" in allowed for scheme in URL_SCHEMES)
    assert "`javascript:`" in removed and "warn at the file and line" in removed


def test_check_and_build_print_the_warning_and_strict_fails_on_it(fixture_site: FixtureSite,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, "Welcome.\n\n<script>alert(1)</script>\n")
    project = str(fixture_site.root)
    expected = f"{EDITION_TEXT}:3:1: warning: the HTML element <script> and its content were removed"
    assert main(["check", "--project", project]) == 0
    assert expected in capsys.readouterr().err
    assert main(["check", "--strict", "--project", project]) == 1
    assert expected in capsys.readouterr().err
    assert main(["build", "--project", project, "--output", str(fixture_site.root / "_site")]) == 0
    assert expected in capsys.readouterr().err
    assert "<script>alert" not in (fixture_site.root / "_site/en/2030-iasi/index.html").read_text(encoding="utf-8")



# Python 3.11's html.parser raised an AssertionError on a `<![` with no keyword after it; the build
# stopped with a template error at templates/page.html instead of building the page.
@pytest.mark.parametrize("markup", ["<div>a <![ b</div>", "<span>x <![ y</span>", "<div><![CDATA[ <b>z</b> ]]></div>"])
def test_a_stray_marked_section_in_html_is_read_as_browsers_do(fixture_site: FixtureSite, markup: str) -> None:
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, f"Welcome.\n\n{markup}\n\nThe end.\n")
    result = fixture_site.build()
    assert result.ok, "\n".join(p.format() for p in result.errors)
    main_html = HTMLParser((fixture_site.root / "_site/en/2030-iasi/index.html").read_text(encoding="utf-8"))
    assert "The end." in main_html.css_first("main").text()
    assert "<![" not in main_html.css_first("main").html

def test_an_attribute_is_placed_in_its_own_element_not_an_earlier_one() -> None:
    source = "Text\n\n<div style=\"color:red\">a</div>\n\n<span style=\"color:red\">b</span> <i onclick=x>c</i>\n"
    import markdown

    cleaned = clean_html(markdown.markdown(source))
    placed = {(p.where.line, p.where.column): p.message for p in removal_problems(cleaned.removed, source,
                                                                                Where("t.md", 1))}
    assert placed == {(3, 1): "the HTML element <div> was removed from this text (its text is kept)",
                      (5, 7): "the HTML attribute 'style' was removed from a <span> in this text",
                      (5, 37): "the HTML attribute 'onclick' was removed from a <i> in this text"}


@pytest.mark.parametrize(("text", "line"), [
    ("Welcome.\n\n# Clusters meet Regions\n\nMore.\n", 7),
    ("Clusters meet Regions\n=====================\n\nMore.\n", 5),
    ("    # a comment in code\n\n# Programme\n", 7),
])
def test_a_heading_of_the_pages_own_level_is_a_warning_at_its_line(text: str, line: int) -> None:
    """An editor began an introduction with its title, '# …': the page had two main headings."""
    html, problems = markdown_html(markdown_converter(), text, Where("content/editions/2030-iasi/index.en.md", 5, 1))
    assert "<h1" in html
    assert [(p.where.line, p.severity, p.message) for p in problems] == [
        (line, "warning", "a heading of the page's own level: the page has its title as its one main heading already")]
    assert "'##'" in problems[0].hint


def test_headings_below_the_title_and_code_are_not_a_warning() -> None:
    for text in ("## Programme\n\n### Day one\n", "    # a comment in code\n", "Text with a # sign.\n"):
        assert markdown_html(markdown_converter(), text, Where("a.md", 1, 1))[1] == []


def test_a_tag_left_open_with_many_attributes_takes_no_time(fixture_site: FixtureSite) -> None:
    """'<span b b b …' with no '>' after it, in raw HTML: the quick count of a fragment's tags tried
    every way of sharing the spaces between its attributes, twice as many for each more one, and a
    line of 40 of them (100 characters) stopped check for good. (In a process: it could hang one.)"""
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, "Welcome.\n\n<div>\n<span" + " b" * 40 + "\n")
    result = check_in_a_process(fixture_site.root)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert '"severity": "error"' not in result.stdout, result.stdout


def test_comments_never_ended_in_raw_html_take_no_time(fixture_site: FixtureSite) -> None:
    """'<!--' never ended, in raw HTML (no more than 200 '<' a paragraph, as markdown_limits allows):
    the quick count of a fragment's tags read on to the end of the text from each of them: 120 KB
    took 15 s, the 490 KB here minutes. (In a process: it could hang one.)"""
    fixture_site.edition()
    fixture_site.write(EDITION_TEXT, "\n\n".join(["<div>" + "<!--" * 150 + "</div>"] * 800) + "\n")
    result = check_in_a_process(fixture_site.root)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
