"""Load stage: YAML with positions, duplicate keys, encodings, line endings."""

import os
import pathlib

import pytest

from confsite.documents import Document, decode, parse_yaml, split_front_matter
from confsite.problems import Where
from confsite.source_texts import SourceTexts


def test_values_keep_their_line_and_column() -> None:
    data, problems = parse_yaml("title: A\nvenue:\n  city: Iași\n", "e.yaml")
    assert problems == []
    assert data["venue"]["city"] == "Iași"
    assert str(data["venue"].value_where["city"]) == "e.yaml:3:9"
    assert data.key_where["venue"].line == 2


def test_duplicate_keys_are_problems_not_silently_dropped() -> None:
    data, problems = parse_yaml("title: A\nformat: online\ntitle: B\n", "e.yaml")
    assert [f"{p.where}: {p.message}" for p in problems] == [
        "e.yaml:3:1: duplicate key 'title' (first given on line 1)"]
    assert data["title"] == "A"
    assert "begin it with '- '" not in problems[0].hint


def test_a_list_item_that_lost_its_dash_is_told_how_to_get_it_back() -> None:
    """Without its '- ', a session's fields join the session above: each is a duplicate key there,
    and removing one (the first fix the hint gives) would lose a session."""
    _, problems = parse_yaml("sessions:\n  - kind: talk\n    title: A\n    kind: panel\n    title: B\n", "e.yaml")
    assert [(p.where.line, p.message) for p in problems] == [
        (4, "duplicate key 'kind' (first given on line 2), and 1 more below it ('title')")]  # one mistake
    assert problems[0].hint.startswith("if the next item of the list starts on this line, begin it with '- '")
    _, problems = parse_yaml("sessions:\n  - kind: talk\n    title: A\n    title: B\n", "e.yaml")
    assert [(p.where.line, p.message) for p in problems] == [(4, "duplicate key 'title' (first given on line 3)")]
    assert problems[0].hint.endswith("or, if the next item of the list starts on this line, begin it with '- '")


def test_syntax_error_names_the_line() -> None:
    _, problems = parse_yaml("title: A\nvenue: [\n  city: x\n", "e.yaml")
    assert len(problems) == 1
    assert problems[0].where == Where("e.yaml", 2, 8)  # where the '[' opens, not where YAML gave up
    assert problems[0].message == "this '[' list is never closed"


def test_safe_loader_refuses_python_objects() -> None:
    _, problems = parse_yaml("title: !!python/object/apply:os.system ['true']\n", "e.yaml")
    assert problems and problems[0].where.line == 1


def test_byte_order_mark_and_windows_line_endings_are_accepted() -> None:
    text, problems = decode("\ufefftitle: A\r\nformat: online\r\n".encode(), "e.yaml")
    assert problems == [] and text == "title: A\nformat: online\n"


def test_other_encodings_are_a_clear_error() -> None:
    text, problems = decode("title: Chişinău\n".encode("cp1250"), "e.yaml")
    assert text is None
    assert problems[0].message == "this file is not saved as UTF-8 text"
    assert "UTF-8" in problems[0].hint


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_its_byte_order_mark_is_named(encoding: str) -> None:
    """Without its byte-order mark, UTF-16 Latin text is valid UTF-8 with a NUL every other byte:
    the editor was told to delete an invisible U+0000 they cannot see, and cannot delete."""
    text, problems = decode("name: Ioana Șerban\nrole: {en: Director}\n".encode(encoding), "p.yaml")
    assert text is None and [(p.where.line, p.message, p.hint) for p in problems] == [
        (1, "this file is not saved as UTF-8 text: it is saved as UTF-16 (called 'Unicode' by some editors)",
         "in your editor, save it again choosing the encoding 'UTF-8'")]


def test_a_utf8_text_in_another_alphabet_is_no_utf16() -> None:
    text, problems = decode("name: Тодор Тонев\nrole: {bg: Директор}\n".encode(), "p.yaml")
    assert problems == [] and text is not None


def test_front_matter_lines_are_the_files_own() -> None:
    _, _, _, problems = split_front_matter("---\ntitle: About\nbad: [\n---\nText\n", "p.md")
    assert problems and problems[0].where.line in (3, 4)
    header, body, _first_line, problems = split_front_matter("---\ntitle: About\n---\nText\n", "p.md")
    assert header["title"] == "About" and body == "Text\n" and problems == []
    assert header.value_where["title"].line == 2


def test_source_texts_are_read_again_only_as_they_were_loaded(tmp_path: pathlib.Path) -> None:
    """The repeated-sentence check reads the texts again after the render: it gets a file's text
    as the build loaded it, or none (changed, replaced by a pipe or by a link out of the project)."""
    folder = tmp_path / "project" / "content"
    folder.mkdir(parents=True)
    names = ("same.md", "changed.md", "pipe.md", "link.md")
    for name in names:
        (folder / name).write_bytes(b"\xef\xbb\xbfOne line.\r\nTwo lines.\r\n")
    loaded = [Document(f"content/{name}", None, "One line.\nTwo lines.\n") for name in names]
    texts = SourceTexts.of(tmp_path / "project", loaded)
    (folder / "changed.md").write_text("One line.\nTwo lines, and more.\n", encoding="utf-8")
    (folder / "pipe.md").unlink()
    os.mkfifo(folder / "pipe.md")  # reading it would wait for a writer
    (tmp_path / "secret.md").write_text("A secret.\n", encoding="utf-8")
    (folder / "link.md").unlink()
    (folder / "link.md").symlink_to(tmp_path / "secret.md")
    assert texts["content/same.md"] == "One line.\nTwo lines.\n"
    assert texts["content/changed.md"] == texts["content/pipe.md"] == texts["content/link.md"] == ""
    assert "content/other.md" not in texts and texts.get("content/other.md") is None
    assert sorted(texts) == [f"content/{name}" for name in sorted(names)]
