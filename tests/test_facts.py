"""Every fact as its source gives it, on the built real site, in each language (issue 12, points 1–10).

The real content is built once per session (the `page` and `site_dir` fixtures of conftest).
"""

import html as htmllib
import pathlib
import re
from collections.abc import Callable

import pytest
from conftest import FixtureSite

from confsite.formatting import one_full_stop

LANGS = ("en", "ro", "bg")
IASI_PAGE = "https://clustercollaboration.eu/content/clusters-meet-regions-iasi-romania"


def main_text(html: str) -> str:
    """The visible text of the page's <main>, tags removed, spaces collapsed."""
    body = html[html.index("<main"):html.index("</main>")]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))).strip()


def blocks(html: str) -> list[str]:
    """The page's paragraphs, list items and headings as separate texts."""
    body = html[html.index("<main"):html.index("</main>")]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    parts = re.split(r"</?(?:p|li|h[1-6]|dt|dd|section|ul|ol|div|header)\b[^>]*>", body)
    found = (htmllib.unescape(" ".join(re.sub(r"<[^>]+>", " ", part).split())) for part in parts)
    return [text for text in found if text]


def sentences(html: str) -> list[str]:
    """Every sentence of the page's paragraphs and list items (a theme or title counts once)."""
    found = []
    for block in blocks(html):
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯĂÂÎȘȚ„“\"])", block) if len(s.strip()) > 25]
    return found


def section(html: str, start: str, end: str) -> str:
    text = main_text(html)
    return text[text.index(start):text.index(end, text.index(start) + len(start))]


# --- 1. Varna -------------------------------------------------------------------------------

VARNA_TITLE = {
    "bg": "Биоикономиката като двигател за екологично чист, устойчив и приобщаващ растеж. "
          "Клъстерите и тяхната роля на ключови играчи в процеса",
    "en": "The bioeconomy as a driver of environmentally clean, sustainable and inclusive growth. "
          "Clusters and their role as key players in the process",
    "ro": "Bioeconomia ca motor al unei creșteri curate din punct de vedere ecologic, durabile și incluzive. "
          "Clusterele și rolul lor de actori-cheie în acest proces",
}


@pytest.mark.parametrize("lang", LANGS)
def test_varna_carries_its_official_title(page: Callable[[str], str], lang: str) -> None:
    html = page(f"{lang}/2020-varna/")
    theme = re.search(r'<p class="theme">(.*?)</p>', html)
    assert theme and htmllib.unescape(theme.group(1)) == VARNA_TITLE[lang]
    assert "екологичен чист" not in html  # the source's typo is not carried over
    assert VARNA_TITLE[lang] in main_text(page(f"{lang}/"))  # and the home page's card says it too


@pytest.mark.parametrize(("lang", "international", "co_organisers", "associations", "partners"), [
    ("en", "international Bulgarian–Romanian", "Co-organisers",
     "National cluster associations of Bulgaria and Romania", "Partners"),
    ("ro", "conferință internațională", "Coorganizatori",
     "Asociațiile naționale de clustere din Bulgaria și România", "Parteneri"),
    ("bg", "международната българо-румънска", "Съорганизатори",
     "Националните клъстерни асоциации на България и Румъния", "Партньори"),
])
def test_varna_is_international_and_co_organised_by_the_cluster_associations(
        page: Callable[[str], str], lang: str, international: str, co_organisers: str, associations: str,
        partners: str) -> None:
    html = page(f"{lang}/2020-varna/")
    text = main_text(html)
    assert international in text
    items = blocks(html)
    assert items[items.index(co_organisers) + 1] == associations
    assert partners not in items  # the associations are no partners, and nobody else is one


@pytest.mark.parametrize(("lang", "project", "activity"), [
    ("en", "Support for the internationalisation of Bulgarian enterprises through trade missions, business "
           "forums, conferences, brokerage events and bilateral meetings", "activity 2"),
    ("ro", "Sprijinirea internaționalizării întreprinderilor bulgare prin misiuni comerciale, forumuri de "
           "afaceri, conferințe, burse de contacte și întâlniri bilaterale", "activitatea 2"),
    ("bg", "Подкрепа на интернационализацията на българските предприятия чрез провеждане на търговски мисии, "
           "бизнес форуми, конференции, контактни борси и двустранни срещи", "дейност 2"),
])
def test_varna_names_the_project_and_its_activity(page: Callable[[str], str], lang: str, project: str,
                                                  activity: str) -> None:
    text = main_text(page(f"{lang}/2020-varna/"))
    assert "BG16RFOP002-2.052-0001" in text and project in text and activity in text


CHEK_EXPLAINED = {"en": ("energy cluster",), "ro": ("cluster energetic", "clusterul energetic"),
                  "bg": ("енергиен клъстер", "енергийния клъстер")}


def test_chek_is_explained_on_every_page_where_it_appears(site_dir: pathlib.Path, page: Callable[[str], str]) -> None:
    seen = {lang: 0 for lang in LANGS}
    for path in site_dir.rglob("index.html"):
        lang = path.relative_to(site_dir).parts[0]
        html = path.read_text(encoding="utf-8")
        if lang not in LANGS or "ЧЕК" not in html:
            continue
        seen[lang] += 1
        text = main_text(html)
        assert any(words in text for words in CHEK_EXPLAINED[lang]), path
    # the edition, its agenda and speakers, the organisations, the organisation and the person
    assert all(count >= 6 for count in seen.values()), seen
    for lang, hosted in (("en", "the energy cluster that hosted the event"),
                         ("ro", "clusterul energetic care a găzduit evenimentul"),
                         ("bg", "енергийния клъстер, който беше домакин на събитието")):
        assert hosted in main_text(page(f"{lang}/2020-varna/")), lang


# --- 2. Chișinău and Iași -------------------------------------------------------------------------

CYCLE = {
    "en": ("EU regions that had asked to host one", "learn from each other",
           "liaise with regions that face the same transition challenges"),
    "ro": ("regiunile UE care au cerut să găzduiască unul", "să învețe unii de la alții",
           "să colaboreze cu regiuni care trec prin aceleași provocări ale tranziției"),
    "bg": ("регионите на ЕС", "да се учат едни от други",
           "региони, изправени пред същите предизвикателства на прехода"),
}
AUDIENCES = {
    "en": ("clusters", "companies", "national and regional public authorities", "business support organisations",
           "researchers", "civil society", "financial intermediaries", "innovation agencies",
           "industrial associations", "investors", "other related actors"),
    "ro": ("clusterelor", "companiilor", "autorităților publice naționale și regionale",
           "organizațiilor de sprijin pentru afaceri", "cercetători", "societatea civilă", "intermediari financiari",
           "agenții de inovare", "asociații industriale", "investitori", "alți actori interesați"),
    "bg": ("клъстери", "фирми", "национални и регионални публични власти", "организации за подкрепа на бизнеса",
           "изследователи", "гражданското общество", "финансови посредници", "агенции за иновации",
           "индустриални асоциации", "инвеститори", "други заинтересовани страни"),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("slug", "workshops", "where_from"), [
    ("2024-chisinau", "17", {"en": "from Moldova", "ro": "din Republica Moldova", "bg": "от Молдова"}),
    ("2023-iasi", "15", {"en": "from Romania", "ro": "din România", "bg": "от Румъния"}),
])
def test_the_cycle_and_its_audiences(page: Callable[[str], str], lang: str, slug: str, workshops: str,
                                     where_from: dict[str, str]) -> None:
    text = main_text(page(f"{lang}/{slug}/"))
    for words in CYCLE[lang]:
        assert words in text, words
    assert re.search(rf"\b{workshops}\b", text)
    for group in AUDIENCES[lang]:
        assert group in text, group
    assert where_from[lang] in text


# --- 3. The SME conference 2021 -----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "funding", "undp", "moldova_office"), [
    ("en", "which the European Union funds and UNDP and UNICEF implement",
     "United Nations Development Programme", "UNDP Moldova"),
    ("ro", "finanțat de Uniunea Europeană și implementat de PNUD și UNICEF",
     "Programul Națiunilor Unite pentru Dezvoltare", "Dezvoltare în Moldova"),
    ("bg", "се финансира от Европейския съюз и се изпълнява от ПРООН и УНИЦЕФ",
     "Програма на ООН за развитие", "развитие в Молдова"),
])
def test_sme_2021_funded_by_the_eu_implemented_by_undp_and_unicef(
        page: Callable[[str], str], lang: str, funding: str, undp: str, moldova_office: str) -> None:
    html = page(f"{lang}/2021-sme-conference/")
    text = main_text(html)
    assert funding in text
    assert undp in blocks(html) or any(b.startswith(undp + " — ") for b in blocks(html))
    assert moldova_office not in text  # the source says UNDP, not its Moldovan office


# --- 4. Nothing the sources do not say -------------------------------------------------------------

CLOSED = {"en": "Registration closed", "ro": "Înscrierile s-au încheiat", "bg": "Регистрацията приключи"}
ANNOUNCED = {"en": "Registration details will be announced", "ro": "Detaliile privind înscrierea",
             "bg": "Подробности за регистрацията"}
FORMAT = {"en": "Format", "ro": "Format", "bg": "Формат"}


@pytest.mark.parametrize("lang", LANGS)
def test_registration_and_format_only_where_known(page: Callable[[str], str], lang: str) -> None:
    for slug in ("2019-sofia", "2020-varna", "2021-sme-conference", "2023-iasi", "2024-chisinau"):
        text = main_text(page(f"{lang}/{slug}/"))
        # only Iași's source says registration closed; no other source gives registration facts
        assert (CLOSED[lang] in text) == (slug == "2023-iasi"), slug
        assert ANNOUNCED[lang] not in text, slug
        has_format = f"<dt>{FORMAT[lang]}</dt>" in page(f"{lang}/{slug}/")
        assert has_format == (slug not in ("2019-sofia", "2024-chisinau")), slug


def test_no_title_in_a_name(site_dir: pathlib.Path) -> None:
    for path in site_dir.rglob("*.html"):
        text = main_text(path.read_text(encoding="utf-8")) if "<main" in path.read_text(encoding="utf-8") else ""
        assert not re.search(r"\b(Eng|Ing|Инж|инж)\. [A-ZА-Я]", text), path


@pytest.mark.parametrize(("lang", "label"), [("en", "Facilitator:"), ("ro", "Facilitează:"),
                                             ("bg", "Фасилитира:")])
def test_facilitators_are_not_speakers_of_talks_they_did_not_give(page: Callable[[str], str], lang: str,
                                                                  label: str) -> None:
    html = page(f"{lang}/2023-iasi/agenda/")
    speakers = " ".join(re.findall(r'<span class="speakers">(.*?)</span>\s*(?:<span class="slides">|</li>)',
                                   html, re.S))
    for name in ("Roman Lysenko", "Simion Berzoi"):
        assert name not in speakers
        assert re.search(rf'{label} <a href="[^"]+">{name}</a>', html), name


# --- 5. Agenda pages tell the truth about what is missing ------------------------------------------

NOT_PUBLISHED = {"en": "The programme of this day is not published on this site.",
                 "ro": "Programul acestei zile nu este publicat pe acest site.",
                 "bg": "Програмата за този ден не е публикувана на този сайт."}


@pytest.mark.parametrize("lang", LANGS)
def test_iasi_says_which_days_have_no_programme(page: Callable[[str], str], lang: str) -> None:
    html = page(f"{lang}/2023-iasi/agenda/")
    days = re.split(r'<section class="day"', html)[1:]
    assert [re.search(r'id="day-([0-9-]+)"', day).group(1) for day in days] == [  # type: ignore[union-attr]
        "2023-11-21", "2023-11-22", "2023-11-23"]
    assert [NOT_PUBLISHED[lang] in day for day in days] == [True, False, True]


@pytest.mark.parametrize("lang", LANGS)
def test_sme_agenda_never_lists_topics_then_says_nothing_is_published(page: Callable[[str], str],
                                                                      lang: str) -> None:
    html = page(f"{lang}/2021-sme-conference/agenda/")
    assert NOT_PUBLISHED[lang] not in html
    assert "<h3 class=\"small\">" in html  # the first day's topics are there


@pytest.mark.parametrize("lang", LANGS)
def test_documents_held_elsewhere_link_to_their_public_page(page: Callable[[str], str], lang: str) -> None:
    html = page(f"{lang}/2023-iasi/")
    downloads = html[html.index('<ul class="downloads">'):]
    downloads = downloads[:downloads.index("</ul>")]
    assert downloads.count(f'<a href="{IASI_PAGE}" rel="external">') == 3
    agenda = page(f"{lang}/2023-iasi/agenda/")
    assert agenda.count(f'<a href="{IASI_PAGE}" rel="external">') >= 20  # the final agenda and each presentation


# --- 6. No sentence twice on one page ----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["2024-chisinau", "2020-varna", "2019-sofia", "2021-sme-conference",
                                  "2023-iasi"])
def test_no_sentence_twice_on_an_edition_page(page: Callable[[str], str], lang: str, slug: str) -> None:
    found = sentences(page(f"{lang}/{slug}/"))
    repeated = {s for s in found if found.count(s) > 1}
    assert not repeated


@pytest.mark.parametrize(("path", "fact"), [
    ("en/2024-chisinau/", "17 regional workshops"), ("ro/2024-chisinau/", "17 ateliere"),
    ("bg/2024-chisinau/", "17 регионални семинара"),
    ("en/2020-varna/", "Green Week"), ("ro/2020-varna/", "Săptămân"), ("bg/2020-varna/", "Зелената седмица"),
    ("en/2019-sofia/", "European Cluster Weeks"), ("ro/2019-sofia/", "Europene ale Clusterelor 2018–2019"),
    ("bg/2019-sofia/", "Европейските клъстерни седмици"),
    ("en/2021-sme-conference/", "every year"), ("ro/2021-sme-conference/", "în fiecare an"),
    ("bg/2021-sme-conference/", "всяка година"),
])
def test_a_context_fact_is_said_once(page: Callable[[str], str], path: str, fact: str) -> None:
    assert main_text(page(path)).count(fact) == 1


# --- 7. The home page -----------------------------------------------------------------------------------

SERIES_ORDER = {
    "en": ("Clusters meet Regions", "International SME Conference", "Bulgarian–Romanian Cluster Conference",
           "National Cluster Conference"),
    "ro": ("Clusters meet Regions", "Conferința Internațională a IMM-urilor", "Conferința bulgaro-română a clusterelor",
           "Conferința Națională a Clusterelor"),
    "bg": ("Clusters meet Regions", "Международна конференция за МСП", "Българо-румънска клъстерна конференция",
           "Национална клъстерна конференция"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_home_orders_series_by_their_latest_edition_each_described(page: Callable[[str], str], lang: str) -> None:
    html = page(f"{lang}/")
    series = re.findall(r'<section class="series">\s*<h3><a href="[^"]*/series/[a-z-]+/">(.*?)</a></h3>\s*'
                        r'(<p class="muted">.*?</p>)?', html, re.S)  # each heading links to its series page
    assert tuple(htmllib.unescape(name) for name, _ in series) == SERIES_ORDER[lang]
    assert all(description for _, description in series)


@pytest.mark.parametrize("lang", LANGS)
def test_every_edition_title_carries_its_year(page: Callable[[str], str], lang: str) -> None:
    html = page(f"{lang}/")
    cards = re.findall(r'<h4><a href="[^"]*/(\d{4})-[a-z-]+/">(.*?)</a></h4>', html)
    assert len(cards) == 5
    for year, title in cards:
        assert title.endswith(year), title


# --- 8–10. Language -------------------------------------------------------------------------------------

def test_romanian_reads_as_written_by_a_native(site_dir: pathlib.Path, page: Callable[[str], str]) -> None:
    everything = " ".join(main_text(p.read_text(encoding="utf-8")) for p in (site_dir / "ro").rglob("index.html"))
    for wrong in ("ca și catalizatori", "ca și canale", "l-a organizat", "Hotelul Astor", "Sf. Sf.",
                  "Consiliului de administrație", "Conferința Internațională a IMM 2021", "IMM are loc",
                  "nu se publică", "Estimat", "Raportat ulterior", "Implementatori", "Așteptați"):
        assert wrong not in everything, wrong
    chisinau = main_text(page("ro/2024-chisinau/"))
    assert "a organizat-o" in chisinau
    varna = main_text(page("ro/2020-varna/"))
    assert "hotelul Astor Garden" in varna and "Sfinții Constantin și Elena" in varna
    assert "Consiliului director" in varna
    sme = main_text(page("ro/2021-sme-conference/"))
    for label in ("Conform anunțului", "Stare", "Parteneri de implementare", "mediul de afaceri"):
        assert label in sme, label
    assert "Conform bilanțului" in main_text(page("ro/2023-iasi/"))
    assert "Proiectul agendei (nu se găsește pe acest site)" in main_text(page("ro/2024-chisinau/"))
    assert "Patronaj" in main_text(page("ro/organisations/ministry-of-economy-bulgaria/"))
    assert "Sub patronajul" in main_text(page("ro/2019-sofia/"))
    assert "o serie de conferințe" in main_text(page("ro/about/"))
    assert "Conferințele clusterelor" not in page("ro/")
    iasi = main_text(page("ro/2023-iasi/"))
    assert "agroalimentar, lemn și mobilă, textile" in iasi  # lower case inside a list of sectors


def test_bulgarian_reads_as_written_by_a_native(site_dir: pathlib.Path, page: Callable[[str], str]) -> None:
    pages = {p: main_text(p.read_text(encoding="utf-8")) for p in (site_dir / "bg").rglob("index.html")}
    everything = " ".join(pages.values())
    assert "г.." not in everything
    for wrong in ("Добави в календара", "срещи за бизнес контакти", "срещи за търсене на бизнес партньори",
                  "Enterprise Europe Network", "Focal Regions", "Provежда се", "Провежда се преди",
                  "фасилитатори на интелигентния", "не се публикува"):
        assert wrong not in everything, wrong
    varna = main_text(page("bg/2020-varna/"))
    assert varna.count("На 28 и 29 септември 2020 г. Варна посрещна") == 1
    assert "Конференцията е финансирана от" in varna
    assert "Проведе се преди" in main_text(page("bg/2021-sme-conference/agenda/"))
    assert "бизнес средата" in main_text(page("bg/2021-sme-conference/"))
    assert "Добавете в календара" in varna
    assert "Подкрепяща организация" in main_text(page("bg/organisations/european-clusters-alliance/"))
    assert "(липсва на този сайт)" in main_text(page("bg/2024-chisinau/"))
    assert "агрохранителен сектор, дървесина и мебели" in main_text(page("bg/2023-iasi/"))


def test_bulgarian_people_index_sorts_one_way(page: Callable[[str], str]) -> None:
    """Names in their bearer's script: Cyrillic names first, then Latin ones, each alphabetical."""
    html = page("bg/people/")
    names = [htmllib.unescape(n) for n in re.findall(r'<a href="/site/bg/people/[^"]+/">([^<]+)</a>', html)]
    cyrillic = [n for n in names if re.match(r"[А-Яа-я]", n)]
    assert cyrillic == ["Тодор Тонев"] and names[0] == "Тодор Тонев"
    latin = names[len(cyrillic):]
    assert latin == sorted(latin, key=lambda n: n.casefold()) and len(latin) >= 18


def test_a_date_ending_in_a_full_stop_is_followed_by_no_second_one(fixture_site: FixtureSite) -> None:
    fixture_site.write("site.yaml", "title: {en: T, bg: Т}\nbase_url: https://example.org/conf/\n"
                                    "languages: [en, bg]\nseries:\n  - id: cmr\n    name: Clusters meet Regions\n")
    fixture_site.edition(dates="dates:\n  start: 2027-05-12\n  end: 2027-05-13",
                         languages="languages: [en, bg]", slug="2027-iasi",
                         registration="registration:\n  url: https://example.org/r\n  opens: 2027-02-01\n")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/bg/2027-iasi/index.html").read_text()
    assert "1 февруари 2027 г." in html and "г.." not in html
    assert "1 February 2027." in (fixture_site.root / "_site/en/2027-iasi/index.html").read_text()
    assert one_full_stop("до 1 май 2027 г..", ["1 май 2027 г."]) == "до 1 май 2027 г."
    assert one_full_stop("on 1 May 2027.", ["1 May 2027"]) == "on 1 May 2027."


@pytest.mark.parametrize(("lang", "one", "several"), [
    ("en", ("Chair:", "Moderator:", "Facilitator:"), ("Chairs:", "Moderators:", "Facilitators:")),
    ("ro", ("Prezidează:", "Moderează:", "Facilitează:"),
     ("Președinți de sesiune:", "Moderatori:", "Facilitatori:")),
    ("bg", ("Председателства:", "Модерира:", "Фасилитира:"), ("Председатели:", "Модератори:", "Фасилитатори:")),
])
def test_labels_count_the_people(fixture_site: FixtureSite, lang: str, one: tuple[str, ...],
                                 several: tuple[str, ...]) -> None:
    fixture_site.write("site.yaml", "title: {en: T, ro: T, bg: Т}\nbase_url: https://example.org/conf/\n"
                                    "languages: [en, ro, bg]\nseries:\n  - id: cmr\n    name: CmR\n")
    for person in ("ana", "ion", "eva"):
        fixture_site.write(f"content/people/{person}.yaml", f"name: {person.title()}\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                         "      - {kind: panel, title: One, chairs: [ana], moderators: [ion], facilitators: [eva]}\n"
                         "      - {kind: panel, title: Two, chairs: [ana, ion], moderators: [ion, eva],"
                         " facilitators: [eva, ana, ion]}")
    assert fixture_site.build().ok
    html = (fixture_site.root / f"_site/{lang}/2030-iasi/agenda/index.html").read_text()
    first, second = html.split(">Two<")
    for label in one:
        assert f"{label} <a" in first and f"{label} <a" not in second
    for label in several:
        assert f"{label} <a" in second and f"{label} <a" not in first
