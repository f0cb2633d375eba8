"""The build's Markdown converter gives the stock Python-Markdown's HTML, byte for byte: its inline
stage only passes over patterns a text cannot match."""

from __future__ import annotations

import markdown
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagInlineProcessor

from confsite.converter import BLOCK_NEEDS, EXTENSIONS, markdown_converter


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def both(text: str) -> tuple[str, str]:
    ours, theirs = markdown_converter(), stock()
    return ours.convert(text), theirs.convert(text)


def test_every_text_of_the_project_converts_as_the_stock_converter_does() -> None:
    texts = sorted([*(ROOT / "content").rglob("*.md"), *(ROOT / "docs").rglob("*.md"), ROOT / "README.md"])
    assert len(texts) > 20
    ours, theirs = markdown_converter(), stock()
    for path in texts:
        text = path.read_text("utf-8")
        ours.reset()
        theirs.reset()
        assert ours.convert(text) == theirs.convert(text), path


# Words, and every character an inline or block pattern starts from, so that the generated texts
# hold links, images, references, code, emphasis, entities, raw HTML, autolinks and hard breaks.
PIECES = st.sampled_from([
    "word", "Iași", "Варна", " ", "  \n", "\n", "\n\n", "[", "]", "(", ")", "![", "[x]: http://a.b/c", "`", "``",
    "\\", "\\[", "*", "**", "_", "__", "<", ">", "<b>", "</b>", "<http://a.b>", "<a@b.c>", "&", "&amp;",
    "&#65;", "{: #id }", "{", "}", "{#x .c}", "\n{: .c }",
    "|", "| a | b |\n| - | :-: |\n| 1 | 2 |", "# ", "- ", "1. ", "> ", "    ", "---",
    "<!-- c -->", "<script>x</script>", "[a](http://x.y/ \"t\")", "![i](p.png)", "[r][x]", "[x]"])


@given(st.lists(PIECES, max_size=60).map("".join))
def test_generated_markdown_converts_as_the_stock_converter_does(text: str) -> None:
    ours, theirs = both(text)
    assert ours == theirs


@given(st.lists(st.lists(PIECES, max_size=30).map("".join), min_size=2, max_size=5))
def test_one_converter_gives_the_stock_html_for_each_text_in_turn(texts: list[str]) -> None:
    """A build converts every text with one converter: what it saw of one text (whether it holds
    a `{`) must not carry over to the next."""
    ours = markdown_converter()
    for text in texts:
        ours.reset()
        assert ours.convert(text) == stock().convert(text)


def test_block_level_tags_are_the_stock_converters() -> None:
    ours, theirs = markdown_converter(), stock()
    names = [*theirs.block_level_elements, "span", "em", "DIV", "p/", "H2", "x", "", None, 1]
    assert [ours.is_block_level(name) for name in names] == [theirs.is_block_level(name) for name in names]
    assert sum(map(ours.is_block_level, names)) > 40


def test_the_quick_path_knows_every_stock_pattern() -> None:
    """When Python-Markdown changes a pattern's expression, the converter applies it to every
    piece of text again (still right, but slow): this says which pattern to look at."""
    converter = markdown_converter()
    converter.convert("a")
    unknown = [pattern for pattern, needs in converter.treeprocessors["inline"]._table if needs is None]
    assert not unknown


def test_a_pattern_it_does_not_know_is_always_applied() -> None:
    converter = markdown_converter()
    converter.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.*?)==", "mark"), "marked", 5)
    converter.inlinePatterns.register(SimpleTagInlineProcessor(r"()~(.*?)~", "del"), "em_strong", 60)  # a known name
    assert converter.convert("a ==b== ~c~ *d*") == "<p>a <mark>b</mark> <del>c</del> *d*</p>"
    needs = {pattern.compiled_re.pattern: needs for pattern, needs in converter.treeprocessors["inline"]._table}
    assert needs["()==(.*?)=="] is None
    assert needs["()~(.*?)~"] is None


def test_the_quick_block_path_knows_every_stock_processor() -> None:
    """When Python-Markdown changes a block processor's expression, the converter asks it of
    every block again (still right, but slow): this says which one to look at."""
    converter = markdown_converter()
    processors = converter.parser.blockprocessors
    quick = [name for name in BLOCK_NEEDS if {"test", "run"} & vars(processors[name]).keys()]
    assert quick == list(BLOCK_NEEDS)


BLOCKS = st.sampled_from([
    "word", " ", "\n", "\n\n", "#", "##", "# a #", "=", "==", "-", "--", "---", "- - -", "_", "___", "*", "* * *",
    "**", ">", "> ", "   >", "|", "| a |", "|-|", "[", "]", "]:", "[x]: /a", "[x]:\n  /b \"t\"", "'", '"', "(", ")",
    "\\", "`", "    ", "1. ", "+ ", "\t", "\r\n", "\r", " \n", "  \n", "\x02", "\x03", "\x0212\x03", "&", "&amp",
    "&amp;", "&#65;", "<", "<b>", "\\*", "\\&"])


@given(st.lists(BLOCKS, max_size=60).map("".join))
def test_generated_blocks_convert_as_the_stock_converter_does(text: str) -> None:
    ours, theirs = both(text)
    assert ours == theirs


def test_the_stages_passed_over_are_the_stock_ones() -> None:
    """When Python-Markdown changes the class of a stage, the converter leaves it as it is."""
    converter = markdown_converter()
    for processors, name in [(converter.preprocessors, "normalize_whitespace"), (converter.preprocessors, "html_block"),
                             (converter.treeprocessors, "unescape")]:
        assert {"run", "unescape"} & vars(processors[name]).keys(), name


@given(st.lists(st.sampled_from(["a", " ", "  ", "\t", "\n", "\r", "\r\n", "\x02", "\x03", "\n \n", " \t\n"]),
                max_size=40).map("".join))
def test_the_white_space_is_made_as_the_stock_stage_makes_it(text: str) -> None:
    ours, theirs = markdown_converter(), stock()
    lines = text.split("\n")
    assert ours.preprocessors["normalize_whitespace"].run(list(lines)) == \
        theirs.preprocessors["normalize_whitespace"].run(list(lines))


def test_the_block_processors_listed_once_follow_a_change() -> None:
    """The block processors are listed once for all the blocks, and listed again after a change."""
    processors = markdown_converter().parser.blockprocessors
    before = list(processors)
    rule = processors["hr"]
    assert list(processors) == before and rule in before
    processors.deregister("hr")
    assert list(processors) == [processor for processor in before if processor is not rule]
    processors.register(rule, "hr", 1)  # after the paragraphs' (10)
    assert list(processors) == [*(processor for processor in before if processor is not rule), rule]
