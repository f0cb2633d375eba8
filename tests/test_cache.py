"""Same bytes every way: cold, warm, parallel, serial, cached and uncached builds of one commit give
byte-identical sites; the cache keeps warnings, follows changes, and ignores a damaged entry."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pathlib
import shutil
import subprocess
import time

import pytest
from conftest import FIXED_EPOCH, FIXED_NOW, ROOT, FixtureSite, need, run_cli

from confsite import render, workers
from confsite.cache import Cache
from confsite.cache_folder import own_folder, prune
from confsite.pipeline import Options, Result, build


def tree(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A copy of the real project (content, templates, catalogs), with a cache of its own."""
    root = tmp_path_factory.mktemp("cached") / "project"
    root.mkdir()
    for name in ("content", "templates", "locales"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    return root


def built(project: pathlib.Path, name: str, **options: object) -> tuple[Result, dict[str, bytes]]:
    output = project.parent / name
    result = build(Options(project=project, output=output, **options), FIXED_NOW)  # type: ignore[arg-type]
    assert result.ok, [p.format() for p in result.errors]
    return result, tree(output)


def test_every_way_of_building_gives_the_same_bytes(project: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_round = workers._round
    monkeypatch.setattr(render, "READ_PARALLEL_FROM", 16)  # a warm build with two processes reads in both
    shutil.rmtree(project / ".cache", ignore_errors=True)
    first, serial = built(project, "serial", cache=False, jobs=1)
    _, parallel = built(project, "parallel", cache=False, jobs=2)
    _, cold = built(project, "cold", jobs=2)  # an empty cache, filled now
    assert (project / ".cache/outputs").is_dir() and (project / ".cache/search/manifest.json").is_file()
    again, warm = built(project, "warm", jobs=1)  # every page and the search index from the cache
    # the same warnings and notes, whether a page was rendered or read from the cache
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems]
    again, warm_parallel = built(project, "warm-parallel", jobs=2)  # the entries read by two processes
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems]
    _, uncached = built(project, "uncached", cache=False, jobs=2)
    # as the command line builds: the outputs keep what they read only where a check needs it
    bare, unrecorded = built(project, "unrecorded", cache=False, jobs=2, records=False)
    assert [p.format() for p in bare.problems] == [p.format() for p in first.problems]
    assert sum(1 for o in bare.outputs if o.inputs) < len(bare.outputs) / 10
    monkeypatch.setattr(render, "RENDER_ROUND", 40)  # two processes forked afresh every 40 outputs
    started = []
    monkeypatch.setattr(workers, "_round", lambda *args: started.append(1) or real_round(*args))
    rounds, in_rounds = built(project, "in-rounds", cache=False, jobs=2)
    assert len(started) > 4
    assert [p.format() for p in rounds.problems] == [p.format() for p in first.problems]
    assert len(serial) > 200 and any(path.startswith("pagefind/") for path in serial)
    for other in (parallel, cold, warm, warm_parallel, uncached, unrecorded, in_rounds):
        assert other.keys() == serial.keys()
        assert [path for path in serial if other[path] != serial[path]] == []


@pytest.mark.parametrize("jobs", [1, 2])  # read in this process, or in two (the note comes back from a worker)
def test_a_damaged_cache_entry_is_ignored_with_a_note(project: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                                      jobs: int) -> None:
    monkeypatch.setattr(render, "READ_PARALLEL_FROM", 16)
    _, first = built(project, "first", jobs=jobs)
    damaged = sorted((project / ".cache/outputs").glob("*/*"))[:3]  # entries, in their folders
    damaged[0].write_bytes(damaged[0].read_bytes()[:-40])  # cut short
    damaged[1].write_bytes(b"confsite-cache-1\nnot a checksum\n{}\n<html>")  # forged
    damaged[2].write_bytes(b"\x80\x04garbage")  # not an entry at all
    result, again = built(project, "again", jobs=jobs)
    notes = [p for p in result.problems if p.severity == "note" and "cache entry" in p.message]
    assert sorted(p.where.path for p in notes) == sorted(p.relative_to(project).as_posix() for p in damaged)
    assert all("was made again" in p.message for p in notes)
    assert again == first
    result, healed = built(project, "healed", jobs=jobs)  # the entries were written again
    assert not [p for p in result.problems if "cache entry" in p.message] and healed == first


def test_the_build_command_prints_the_note_of_a_damaged_entry(fixture_site: FixtureSite,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """build prints no notes of the content's (check does); one about its own cache only it can see."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    fixture_site.edition()
    command = ["build", "--project", str(fixture_site.root), "--no-search"]
    code, printed = run_cli(command)
    assert code == 0, printed
    damaged = sorted((fixture_site.root / ".cache/outputs").glob("*/*"))[0]
    damaged.write_bytes(b"\x80\x04garbage")
    code, printed = run_cli(command)
    assert code == 0, printed
    assert f"{damaged.relative_to(fixture_site.root).as_posix()}: note: a cache entry" in printed, printed
    assert "give no session times" not in printed  # the content's note, check's to say


def test_no_cache_renders_everything_and_ignores_the_cache(project: pathlib.Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)  # the clock of the other builds
    built(project, "filled")
    for entry in (project / ".cache/outputs").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"damaged")
    code, printed = run_cli(["build", "--project", str(project), "--output", str(project.parent / "nocache"),
                             "--no-cache"])
    assert code == 0, printed
    assert "cache entry" not in printed
    assert tree(project.parent / "nocache") == tree(project.parent / "filled")
    result, refreshed = built(project, "refreshed")  # --no-cache wrote the cache afresh
    assert not [p for p in result.problems if "cache entry" in p.message]
    assert refreshed == tree(project.parent / "filled")


def test_a_day_that_changes_in_one_zone_only_is_not_read_from_the_cache(fixture_site: FixtureSite) -> None:
    """At 23:00 UTC New York's day is the 30th and Sofia's the 1st; four hours later New York's is
    still the 30th and UTC's the 1st. The set of days was the same, so the cache served the footer's
    "Built on 30 November" the next morning."""
    fixture_site.edition(timezone="timezone: America/New_York")
    fixture_site.edition("2031-sofia", timezone="timezone: Europe/Sofia", venue="venue:\n  city: Sofia\n  country: BG",
                         dates="dates:\n  start: 2031-05-12\n  end: 2031-05-12")
    evening, morning = dt.datetime(2024, 11, 30, 23, tzinfo=dt.UTC), dt.datetime(2024, 12, 1, 3, tzinfo=dt.UTC)
    assert fixture_site.build(evening, search=False).ok
    out = fixture_site.root / "_site"
    assert fixture_site.build(morning, search=False).ok
    warm = tree(out)
    assert fixture_site.build(morning, search=False, cache=False).ok
    assert warm == tree(out)
    assert "1 December 2024" in warm["en/index.html"].decode()


def test_a_first_build_and_a_build_without_the_cache_look_for_no_entry(project: pathlib.Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    looked: list[str] = []
    real_get = Cache.get
    monkeypatch.setattr(Cache, "get", lambda self, key, *args: looked.append(key) or real_get(self, key, *args))
    shutil.rmtree(project / ".cache", ignore_errors=True)
    _, first = built(project, "first-of-all", jobs=1)
    assert looked == [] and (project / ".cache/outputs").is_dir()  # nothing to read, and the cache filled
    built(project, "without", jobs=1, cache=False)
    assert looked == []
    _, again = built(project, "from-the-cache", jobs=1)
    assert len(looked) > 200 and again == first


def test_a_cache_folder_that_cannot_be_looked_into_is_still_read_and_reported(project: pathlib.Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real_is_dir = pathlib.Path.is_dir

    def refused(path: pathlib.Path) -> bool:
        if path.name == "outputs":
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_dir(path)

    monkeypatch.setattr(pathlib.Path, "is_dir", refused)
    assert Cache(project, "settings", "clock").read  # each entry it cannot read gets its note (`get`)
    assert not Cache(project, "settings", "clock", read=False).read


def test_a_cached_build_follows_a_change_and_keeps_reporting_warnings(fixture_site: FixtureSite) -> None:
    fixture_site.edition(languages="languages: [en]")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome to <marquee>Iași</marquee>.\n")
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n"
                                "        title: {en: Opening}\n        talks:\n          - speakers: [ana-popescu]\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome to <marquee>Iași</marquee>.\n")
    first = fixture_site.build()
    warnings = [p.format() for p in first.problems if p.severity == "warning"]
    assert warnings and any("index.en.md" in w for w in warnings)
    again = fixture_site.build()
    assert [p.format() for p in again.problems if p.severity == "warning"] == warnings  # from the cache too
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu-Ionescu\n")
    changed = fixture_site.build()
    speakers = (fixture_site.root / "_site/en/2030-iasi/speakers/index.html").read_text(encoding="utf-8")
    assert "Ana Popescu-Ionescu" in speakers
    uncached = build(Options(project=fixture_site.root, output=fixture_site.root / "fresh", cache=False), FIXED_NOW)
    assert changed.ok and uncached.ok
    assert tree(fixture_site.root / "_site") == tree(fixture_site.root / "fresh")


def test_a_cache_committed_in_git_is_not_read(fixture_site: FixtureSite) -> None:
    """A security review: an entry rewritten and sealed again, as anyone can seal one, was published
    as it was, past the sanitiser. A pull request can only bring a cache by committing it: a
    `.cache/` that git tracks is never read, with a warning."""
    if shutil.which("git") is None:
        need("git", "the test commits the cache in a repository")
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome to the Agency.\n")
    assert fixture_site.build().ok
    for entry in (fixture_site.root / ".cache/outputs").rglob("*"):
        raw = entry.read_bytes() if entry.is_file() else b""
        if b"Welcome to the Agency." in raw:  # rewritten, and sealed again as a build seals it
            body = raw.split(b"\n", 2)[2].replace(b"Welcome to the Agency.", b"<script>alert(1)</script>")
            seal = hashlib.blake2b(body, digest_size=20).hexdigest().encode()
            entry.write_bytes(raw.split(b"\n", 1)[0] + b"\n" + seal + b"\n" + body)
    page = fixture_site.root / "_site/en/2030-iasi/index.html"
    assert fixture_site.build().ok and "<script>alert(1)" in page.read_text()  # what a committed cache could do
    git = ["git", "-C", str(fixture_site.root), "-c", "user.name=a", "-c", "user.email=a@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", ".cache"], check=True)
    result = fixture_site.build()
    assert result.ok and "<script>alert(1)" not in page.read_text() and "Welcome to the Agency." in page.read_text()
    assert [p.message for p in result.problems if p.where.path == ".cache"] == [
        "the build cache is committed in git, so this build does not read it: anyone who can send a change could "
        "have written what it holds"]


def test_a_new_file_in_an_edition_folder_updates_the_pages_that_list_it(fixture_site: FixtureSite) -> None:
    fixture_site.edition(downloads="downloads:\n  - {title: {en: Report}, kind: report, file: files/report.pdf}")
    fixture_site.write("content/editions/2030-iasi/files/report.pdf", "%PDF-1.4 short\n")
    assert fixture_site.build().ok
    fixture_site.write("content/editions/2030-iasi/files/report.pdf", "%PDF-1.4 a much longer report\n" * 100)
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    page = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text(encoding="utf-8")
    assert "3 kB" in page


def test_no_search_builds_the_site_without_its_index(fixture_site: FixtureSite,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    fixture_site.edition()
    output = fixture_site.root / "quick"
    code, printed = run_cli(["build", "--project", str(fixture_site.root), "--output", str(output), "--no-search"])
    assert code == 0, printed
    assert (output / "en/2030-iasi/index.html").is_file() and not (output / "pagefind").exists()


def test_pages_stream_to_the_staging_folder_and_a_failed_build_leaves_nothing(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    result = fixture_site.build()
    assert result.ok and (fixture_site.root / "_site/en/2030-iasi/index.html").is_file()
    pages = [o for o in result.outputs if o.path.endswith(".html")]
    assert pages and all(o.data is None and o.digest for o in pages)  # written as made, not held in memory
    good = tree(fixture_site.root / "_site")
    template = fixture_site.root / "templates/edition.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ t(e.title) }}", "{{ t(e.title) }", 1),
                        encoding="utf-8")
    broken = fixture_site.build()
    assert not broken.ok and any("templates/edition.html" in p.where.path for p in broken.errors)
    assert tree(fixture_site.root / "_site") == good  # the last good site stays
    left = [p.name for p in fixture_site.root.iterdir() if p.name.startswith("._site")]
    assert left == ["._site.lock"]  # no staging folder (the lock's empty file stays: see write.output_lock)


def entries(root: pathlib.Path) -> set[str]:
    return {p.name for p in (root / ".cache/outputs").glob("*/*")}


def aged(root: pathlib.Path, days: float) -> None:
    """Every entry of the cache and its last pruning, as if made `days` ago."""
    then = time.time() - days * 24 * 3600
    for path in [root / ".cache/.pruned", *(root / ".cache/outputs").rglob("*")]:
        if path.is_file():
            os.utime(path, (then, then))


def test_entries_no_build_used_for_a_week_are_deleted(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    assert fixture_site.build(search=False).ok
    first = entries(fixture_site.root)
    assert len(first) > 20 and (fixture_site.root / ".cache/.pruned").is_file()
    stale = fixture_site.root / ".cache/images/ab" / ("ab" * 20)  # a rendition of a picture no page shows now
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"confsite-image-1\n")
    aged(fixture_site.root, 8)
    os.utime(stale, (time.time() - 8 * 24 * 3600,) * 2)
    # the next day: every key holds the day, so no entry of the first build is used again
    assert fixture_site.build(FIXED_NOW + dt.timedelta(days=1), search=False).ok
    second = entries(fixture_site.root)
    assert second and not first & second and len(second) == len(first)
    assert not stale.exists()


def test_an_entry_a_build_uses_is_kept_and_the_folder_is_pruned_once_a_day(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    assert fixture_site.build(search=False).ok
    first = entries(fixture_site.root)
    aged(fixture_site.root, 6)
    assert fixture_site.build(search=False).ok  # the same day: every entry is used, so marked as used now
    assert entries(fixture_site.root) == first
    assert all(time.time() - p.stat().st_mtime < 3600 for p in (fixture_site.root / ".cache/outputs").rglob("*")
               if p.is_file())  # (the pruning, due after six days, ran too)
    now = time.time()
    left = fixture_site.root / ".cache/outputs/ab/.tmp-1-0"  # what an interrupted build left
    left.parent.mkdir(exist_ok=True)
    left.write_bytes(b"half")
    os.utime(left, (now - 9 * 24 * 3600,) * 2)
    assert prune(fixture_site.root, now + 3600) == 0 and left.exists()  # pruned an hour ago: not again today
    assert prune(fixture_site.root, now + 2 * 24 * 3600) == 1 and not left.exists()  # the entries, two days old, stay
    assert entries(fixture_site.root) == first


def test_links_in_the_cache_are_removed_and_nothing_outside_it_is_written_or_deleted(
        fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """A pull request could commit links under .cache/: a build must not write, replace or delete
    through them."""
    outside = tmp_path / "outside"
    old = outside / "ab" / ("a" * 40)  # named like an entry, in a folder named like a bucket, a month old
    old.parent.mkdir(parents=True)
    old.write_bytes(b"someone's file")
    os.utime(old, (time.time() - 30 * 24 * 3600,) * 2)
    fixture_site.edition()
    cache = fixture_site.root / ".cache"
    (cache / "outputs").mkdir(parents=True)
    (cache / "images").symlink_to(outside)
    (cache / "outputs" / "cd").symlink_to(outside / "ab")
    result = fixture_site.build(search=False)
    assert result.ok
    assert sorted(p.where.path for p in result.problems if "link in the build cache" in p.message) == [
        ".cache/images", ".cache/outputs/cd"]
    assert not (cache / "images").is_symlink() and not (cache / "outputs" / "cd").is_symlink()
    assert old.read_bytes() == b"someone's file" and sorted(p.name for p in outside.rglob("*")) == ["a" * 40, "ab"]
    shutil.rmtree(cache)
    cache.symlink_to(outside)  # the whole folder
    assert [p.where.path for p in own_folder(fixture_site.root)] == [".cache"]
    assert not cache.exists() and old.exists()


def test_pruning_deletes_only_what_the_cache_writes_and_a_stamp_from_the_future_does_not_stop_it(
        tmp_path: pathlib.Path) -> None:
    bucket = tmp_path / ".cache/outputs/ab"
    bucket.mkdir(parents=True)
    month = time.time() - 30 * 24 * 3600
    names = ["b" * 40, ".tmp-12-3", "notes.txt", "B" * 40]
    for name in names:
        (bucket / name).write_bytes(b"")
        os.utime(bucket / name, (month, month))
    lock = tmp_path / ".cache/images/.0123abcd.lock"
    lock.parent.mkdir()
    lock.write_bytes(b"")
    os.utime(lock, (month, month))
    stamp = tmp_path / ".cache/.pruned"
    stamp.write_bytes(b"")
    os.utime(stamp, (time.time() + 5 * 24 * 3600,) * 2)  # a clock that was ahead, or another machine's cache
    assert prune(tmp_path) == 3
    assert sorted(p.name for p in bucket.iterdir()) == ["B" * 40, "notes.txt"] and not lock.exists()
