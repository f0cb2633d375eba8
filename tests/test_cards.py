"""Share cards: one picture per edition and language for link previews, drawn at build time,
byte-identical across builds, kept in the build cache, never drawn by `serve`."""

import filecmp
import gettext
import io
import pathlib
import re
from collections.abc import Callable

import pytest
from conftest import FIXED_NOW, ROOT, FixtureSite
from PIL import Image, ImageChops, ImageDraw

from confsite import cards
from confsite.pipeline import Options, Result, build
from confsite.serve import Preview

BASE = "https://cluster-conferences.github.io/site/"
EDITIONS = ("2019-sofia", "2020-varna", "2021-sme-conference", "2023-iasi", "2024-chisinau")
LANGUAGES = ("en", "ro", "bg")


def meta(html: str, name: str) -> str:
    """The content of a page's <meta property|name="name">."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def glyph(face: object, char: str) -> bytes:
    return bytes(face.getmask(char))  # type: ignore[attr-defined]


@pytest.mark.parametrize("slug", EDITIONS)
def test_every_edition_has_a_card_per_language_small_and_clean(site_dir: pathlib.Path, slug: str) -> None:
    for lang in LANGUAGES:
        path = site_dir / lang / slug / "share.png"
        assert path.stat().st_size < cards.MAX_BYTES
        with Image.open(path) as card:
            assert card.format == "PNG" and card.size == (1200, 630)
            assert not card.getexif() and not card.text  # type: ignore[attr-defined]
            assert set(card.info) <= {"transparency"}, card.info
    first = {lang: (site_dir / lang / slug / "share.png").read_bytes() for lang in LANGUAGES}
    assert first["en"] != first["bg"], "the Bulgarian card is drawn in Bulgarian"


def test_edition_pages_share_their_card_with_alt_text_in_the_page_language(page: Callable[[str], str]) -> None:
    for path in ("ro/2023-iasi/", "ro/2023-iasi/agenda/"):
        html = page(path)
        assert meta(html, "og:image") == f"{BASE}ro/2023-iasi/share.png"
        assert meta(html, "og:image:width") == "1200" and meta(html, "og:image:height") == "630"
        assert meta(html, "og:image:alt") == "Clusters meet Regions la Iași 2023, 21–23 noiembrie 2023, Iași, România"
        assert meta(html, "twitter:card") == "summary_large_image"
    bulgarian = page("bg/2021-sme-conference/")
    assert meta(bulgarian, "og:image") == f"{BASE}bg/2021-sme-conference/share.png"
    assert meta(bulgarian, "og:image:alt") == "Международна конференция за МСП 2021, 7–8 декември 2021 г., Онлайн"
    assert meta(page("en/2020-varna/speakers/"), "og:image") == f"{BASE}en/2020-varna/share.png"


def test_other_pages_share_the_site_card(page: Callable[[str], str], site_dir: pathlib.Path) -> None:
    for path, lang, title in (("en/people/", "en", "Cluster Conferences"),
                              ("bg/about/", "bg", "Клъстерни конференции")):
        html = page(path)
        assert meta(html, "og:image") == f"{BASE}{lang}/share.png"
        assert meta(html, "og:image:alt") == title
        with Image.open(site_dir / lang / "share.png") as card:
            assert card.format == "PNG" and card.size == (1200, 630)


def test_the_site_card_is_drawn_from_the_content() -> None:
    """It was a picture in the templates naming this site's cities: a site of another conference
    shared it, and an edition added later was missing from it."""
    result = build(Options(project=ROOT, write=False), FIXED_NOW)
    assert result.site is not None
    said = cards.site_card_text(result.site, "bg", gettext.NullTranslations().gettext)
    # three series do not fit on a line: the site's address takes it
    assert said == cards.CardText(series="cluster-conferences.github.io", title="Клъстерни конференции",
                                  dates="2019–2024", place="Кишинев · Яш · Варна · София · Online")


def test_an_edition_added_is_on_the_site_card(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    assert fixture_site.build(search=False).ok
    before = (fixture_site.root / "_site/en/share.png").read_bytes()
    fixture_site.edition("2031-ruse", dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13",
                         venue="venue:\n  city: Ruse\n  country: BG", timezone="timezone: Europe/Sofia")
    assert fixture_site.build(search=False).ok  # with the first build's cache
    after = (fixture_site.root / "_site/en/share.png").read_bytes()
    assert after != before
    assert fixture_site.build(search=False, cache=False).ok
    assert (fixture_site.root / "_site/en/share.png").read_bytes() == after


def test_a_session_page_shares_its_edition_s_card(fixture_site: FixtureSite) -> None:
    """A session's page is one of its edition's pages: a link to it previews the edition's card, in
    the page's language, not the site's."""
    fixture_site.edition(languages="languages: [en, ro]",
                         agenda='agenda:\n  - date: 2030-05-12\n    sessions:\n'
                                '      - {kind: keynote, title: {en: Ports}, start: "10:00"}')
    assert fixture_site.build(search=False).ok
    for lang in ("en", "ro"):
        html = (fixture_site.root / f"_site/{lang}/2030-iasi/sessions/2030-05-12-1000/index.html").read_text()
        assert meta(html, "og:image") == f"https://example.org/conf/{lang}/2030-iasi/share.png"
        assert meta(html, "og:image:alt").startswith("Test Edition, ")


def test_a_person_without_a_photo_shares_their_initials(fixture_site: FixtureSite) -> None:
    """A person page without a photo shares the person's initials avatar, a PNG (previews read no SVG)."""
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n"
                                "        title: Opening\n        talks:\n          - speakers: [ana-popescu]")
    result = fixture_site.build(write=False, cache=False)
    assert result.ok and result.site is not None
    person = result.site.content.people["ana-popescu"]
    shared = cards.person_share_image(result.site, person, "ro")
    path = cards.avatar_card_path(person, "AP")
    assert shared == cards.ShareImage(f"https://example.org/conf/{path}", 400, 400, "Ana Popescu")
    html = next(o.data for o in result.outputs if o.path == "ro/people/ana-popescu/index.html")
    assert html is not None and meta(html.decode(), "og:image") == shared.url
    [avatar] = [o.data for o in result.outputs if o.path == path]  # one file for en and ro alike
    assert avatar is not None and avatar == cards.draw_avatar("ana-popescu", "AP")
    with Image.open(io.BytesIO(avatar)) as drawn:
        assert drawn.size == (400, 400) and len(drawn.getcolors(1 << 16) or ()) > 1  # the letters are drawn


@pytest.mark.parametrize(("ident", "letters"), [("ana-popescu", "AP"), ("todor-tonev", "ТТ"), ("ion-ș", "IȘ")])
def test_an_avatar_has_the_pixels_of_its_letters_drawn_in_the_persons_colours(ident: str, letters: str) -> None:
    """Avatars are drawn with a palette (a third of the bytes to compress): the picture is the
    one a drawing in RGB, on the person's background and in their ink, gives, pixel for pixel."""
    background, ink = cards.images.avatar_colours(ident)
    expected = Image.new("RGB", (cards.AVATAR_SIDE, cards.AVATAR_SIDE), background)
    ImageDraw.Draw(expected).text((cards.AVATAR_SIDE / 2, cards.AVATAR_SIDE / 2), letters, fill=ink,
                                  font=cards.font(True, 150), anchor="mm")
    with Image.open(io.BytesIO(cards.draw_avatar(ident, letters))) as drawn:
        assert drawn.format == "PNG" and drawn.mode == "P"
        assert ImageChops.difference(drawn.convert("RGB"), expected).getbbox() is None


def test_people_with_the_same_initials_share_one_drawing_in_their_own_colours() -> None:
    """An avatar's letters are drawn and compressed once for everyone with those initials; each
    person's file is the one Pillow writes for the drawing in their palette, byte for byte."""
    def written(ident: str, letters: str) -> bytes:
        coverage = Image.new("L", (cards.AVATAR_SIDE, cards.AVATAR_SIDE), 0)
        ImageDraw.Draw(coverage).text((cards.AVATAR_SIDE / 2, cards.AVATAR_SIDE / 2), letters, fill=255,
                                      font=cards.font(True, 150), anchor="mm")
        card = Image.frombytes("P", coverage.size, coverage.tobytes())
        card.putpalette(cards._blend(*cards.images.avatar_colours(ident)))
        buffer = io.BytesIO()
        card.save(buffer, "PNG")
        return buffer.getvalue()

    people = ["ana-popescu", "andrei-pop", "anca-pavel", "todor-tonev"]
    assert len({cards.images.avatar_colours(ident) for ident in people}) == len(people)
    for letters in ("AP", "ТТ"):
        avatars = [cards.draw_avatar(ident, letters) for ident in people]
        assert avatars == [written(ident, letters) for ident in people]
        assert len(set(avatars)) == len(people)
    with pytest.raises(ValueError, match="a palette of 2 colours for a PNG of 256"):
        cards._with_palette(cards.draw_avatar("ana-popescu", "AP"), bytes(6))


@pytest.mark.parametrize("text", [
    cards.CardText("Clusters meet regions", "Clusters meet regions 2030: Iași, a title long enough to wrap",
                   "12–14 October 2030", "Iași, Romania"),
    cards.CardText("Кластери и региони", "Жълт ș ț gjpqy Щ", "12–14 октомври 2030 г.", "Русе, България"),
])
def test_a_card_without_a_banner_is_its_drawing_in_rgb_through_a_palette(text: cards.CardText) -> None:
    """Cards without a banner are drawn with a palette (a third of the bytes to compress): each
    pixel is within 1 of the same lines drawn in RGB, in every channel."""
    expected = Image.new("RGB", (cards.WIDTH, cards.HEIGHT), cards.BACKGROUND)
    pen = ImageDraw.Draw(expected)
    for box, colour in zip(cards.DOT_BOXES, cards.DOTS, strict=True):
        pen.ellipse(box, fill=colour)
    lines = cards.layout(text, cards.WIDTH - 2 * cards.MARGIN)
    assert [line.colour for line in lines] == [cards.SOFT, *[cards.INK] * (len(lines) - 3), cards.SOFT, cards.SOFT]
    for line in lines:
        pen.text(line.xy, line.text, font=line.face, fill=line.colour)
    with Image.open(io.BytesIO(cards.draw(text))) as drawn:
        assert drawn.format == "PNG" and drawn.mode == "P"
        difference = ImageChops.difference(drawn.convert("RGB"), expected)
    assert [most for _, most in difference.getextrema()] == [1, 1, 1]  # letters' edges: 256 levels in 128


def test_the_font_draws_romanian_and_cyrillic_letters() -> None:
    for bold in (False, True):
        face = cards.font(bold, 48)
        missing = glyph(face, "\u4e00")  # a CJK letter the font does not have: its empty box
        for char in "șțȘȚăâîЖжщЪёЯ–·":
            assert face.getmask(char).getbbox() is not None, char
            assert glyph(face, char) != missing, f"{char!r} is drawn as the missing-letter box"


def test_every_letter_on_the_real_cards_is_in_the_font(real_site: Result) -> None:
    site = real_site.site
    assert site is not None
    face = cards.font(True, 48)
    missing = glyph(face, "\u4e00")
    for state in site.editions:
        for lang in LANGUAGES:
            text = cards.card_text(site, state.edition, lang, gettext.NullTranslations().gettext)
            for char in set(text.alt.replace(" ", "")):
                assert glyph(face, char) != missing, f"{char!r} of {state.edition.slug} ({lang})"


def test_cards_are_identical_across_builds_and_come_from_the_cache(fixture_site: FixtureSite,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    title = "title: {en: Clusters meet Regions in Iași 2030, ro: Clusters meet Regions la Iași 2030}"
    fixture_site.edition(languages="languages: [en, ro]", title=title)
    fixture_site.write("content/editions/2030-iasi/index.ro.md", "Despre ediție.\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "About the edition.\n")
    outputs = []
    for name in ("one", "two"):
        output = fixture_site.root / name
        assert build(Options(project=fixture_site.root, output=output, cache=False), FIXED_NOW).ok
        outputs.append(output)
    card = "ro/2030-iasi/share.png"
    assert (outputs[0] / card).is_file()
    assert filecmp.cmp(outputs[0] / card, outputs[1] / card, shallow=False)

    def no_drawing(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a card was drawn again although its sources did not change")

    monkeypatch.setattr(cards, "draw", no_drawing)
    third = fixture_site.root / "three"
    assert build(Options(project=fixture_site.root, output=third), FIXED_NOW).ok
    assert (third / card).read_bytes() == (outputs[0] / card).read_bytes()
    monkeypatch.undo()

    fixture_site.write("content/editions/2030-iasi/edition.yaml",
                       (fixture_site.root / "content/editions/2030-iasi/edition.yaml").read_text()
                       .replace("la Iași 2030", "la Iași în 2030"))
    cached = fixture_site.root / "four"
    assert build(Options(project=fixture_site.root, output=cached), FIXED_NOW).ok
    assert (cached / card).read_bytes() != (outputs[0] / card).read_bytes()  # the new title
    fresh = fixture_site.root / "five"
    assert build(Options(project=fixture_site.root, output=fresh, cache=False), FIXED_NOW).ok
    assert (cached / card).read_bytes() == (fresh / card).read_bytes()


def test_serve_draws_no_cards_and_shares_the_site_card(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    preview = Preview(fixture_site.root, fixture_site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    folder = fixture_site.root / "preview"
    assert [p.relative_to(folder).as_posix() for p in folder.rglob("share.*")] == ["assets/share.png"]
    html = (folder / "en/2030-iasi/index.html").read_text()
    assert meta(html, "og:image") == "http://127.0.0.1:8000/assets/share.png"
    assert meta(html, "og:image:alt") == "Test Conferences"
    built = fixture_site.build(cache=False)
    assert built.ok and (fixture_site.root / "_site/en/2030-iasi/share.png").is_file()


def test_a_banner_fills_the_right_side_of_a_jpeg_card(tmp_path: pathlib.Path) -> None:
    text = cards.CardText("Clusters meet Regions", "Clusters meet Regions la Chișinău 2024",
                          "10–11 octombrie 2024", "Chișinău, Republica Moldova")
    noise = Image.effect_noise((1600, 1200), 90).convert("RGB")  # the worst case for the size: pure noise
    data = cards.draw(text, noise)
    assert len(data) < cards.MAX_BYTES
    assert data == cards.draw(text, noise)
    with Image.open(io.BytesIO(data)) as card:
        assert card.format == "JPEG" and card.size == (1200, 630)
        assert not card.getexif() and "icc_profile" not in card.info
        right = card.crop((1200 - cards.BANNER_WIDTH + 20, 20, 1180, 610)).convert("L")
        left = card.crop((0, 580, 1200 - cards.BANNER_WIDTH - 20, 630)).convert("RGB")
        assert right.getextrema()[1] - right.getextrema()[0] > 100, "the banner's noise shows on the right"
        assert max(hi - lo for lo, hi in left.getextrema()) < 16, "the text side stays plain"
    photo = tmp_path / "banner.jpg"
    Image.new("RGB", (900, 600), (200, 40, 40)).save(photo)
    from_file = cards.draw(text, photo)
    with Image.open(io.BytesIO(from_file)) as card:
        red = card.getpixel((1200 - cards.BANNER_WIDTH // 2, 315))
        assert red[0] > 180 and red[1] < 70, red  # type: ignore[index]
    without = Image.open(io.BytesIO(cards.draw(text)))
    assert without.format == "PNG"
    margin = (1200 - cards.MARGIN, 0, 1200, 630)  # without a banner, the text keeps off the right margin
    assert ImageChops.difference(without.convert("RGB").crop(margin),
                                 Image.new("RGB", (cards.MARGIN, 630), cards.BACKGROUND)).getbbox() is None


def test_a_long_title_is_cut_to_three_lines() -> None:
    face, lines = cards.fitted("Regional " * 40, True, (72, 44), 900, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 900 for line in lines)
    assert cards.fitted("Iași 2030", True, (72, 44), 900, 3)[1] == ["Iași 2030"]


def test_a_long_word_is_cut_without_measuring_it_again_and_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word far wider than a line (a translation of "and online" written without spaces, a site's
    long host name): it was cut a letter at a time, each time measuring what was left, and a card
    with a word of 2,000 letters took minutes, one of 20,000 days."""
    measured: list[int] = []

    class Face:  # each letter 17 pixels wide: 41 of them fit in 700
        def getlength(self, text: str) -> float:
            measured.append(len(text))
            return 17.0 * len(text)

    monkeypatch.setattr(cards, "font", lambda bold, size: Face())
    assert cards.fitted("x" * 3000, False, (36, 32, 28), 700, 1)[1] == ["x" * 40 + "…"]
    assert sum(measured) < 5_000, f"{len(measured)} measurements of {sum(measured):,} letters"
    assert cards.wrap("x" * 100 + " ab", Face(), 700) == ["x" * 41, "x" * 41, "x" * 18 + " ab"]


def test_the_font_licence_is_beside_it() -> None:
    fonts = ROOT / "confsite/fonts"
    licence = (fonts / "LICENSE").read_text()
    assert "Bitstream Vera" in licence and "Arev" in licence
    assert {p.name for p in fonts.glob("*.ttf")} == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
    assert all(p.stat().st_size < 150_000 for p in fonts.glob("*.ttf"))


def test_a_site_before_its_first_edition_has_a_card() -> None:
    """No years and no cities yet (every edition a draft): the card has the site's title alone."""
    card = cards.draw(cards.CardText(series="", title="Danube Cities Forum", dates="", place=""))
    with Image.open(io.BytesIO(card)) as drawn:
        assert drawn.size == (1200, 630)
