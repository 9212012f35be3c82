"""The search reads its words (marketplace/search/understanding.py and selectors/text.py):
skills named in either language or by a synonym, places in the text, stop words, phrases,
exclusions, corrections of words that match nothing, and profiles matching most of the words
when all of them find too few. On both databases unless marked."""

import pytest
from django.utils import translation

from marketplace.accounts.models import Skill
from marketplace.core.directory import directory_url
from marketplace.search import services
from marketplace.search.notes import notes_for
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search
from marketplace.search.understanding import edit_distance, understand

from .conftest import give_skills

pytestmark = pytest.mark.django_db



@pytest.fixture
def vocabulary(search_taxonomy):
    skills, _languages, _hot_work = search_taxonomy
    for key, name_sv, synonyms in (
        ("welding", "Svetsning", "svetsare\nMIG-svetsare\nwelder\nMIG/MAG"),
        ("carpentry", "Snickeri", "snickare\ncarpenter"),
        ("electrical", "Elinstallation", "elektriker\nelectrician"),
        ("python", "Python", "python developer"),
    ):
        Skill.objects.filter(pk=skills[key].pk).update(name_sv=name_sv, synonyms=synonyms)
    csharp = Skill.objects.create(name="C#", slug="csharp", category=skills["python"].category,
                                  name_sv="C#", synonyms=".NET\ndotnet")
    skills["csharp"] = csharp
    from marketplace.search.selectors.taxonomy import forget_form_choices

    forget_form_choices()
    return skills


@pytest.fixture
def world(search_world, vocabulary, make_member):
    """search_world, its skills named in Swedish with synonyms, plus a C# developer and an
    energy consultant whose bio only mentions C# in passing."""
    developer = make_member(name="Cecilia Sharp", city="Malmö", headline="Backend developer",
                            bio="Services in .NET for logistics.")
    give_skills(developer.profile, vocabulary["csharp"])
    make_member(name="Egon Energi", city="Malmö", headline="Energy consultant",
                bio="Energy audits; I once read some C# code.")
    services.rebuild()
    return search_world


def names(results) -> list[str]:
    return [profile.display_name.split()[0].lower() for profile in results.profiles]


# Reading the words, without the database's text search


def test_a_swedish_job_title_names_the_skill_whatever_its_form(vocabulary):
    for typed in ("svetsare", "Svetsare", "SVETSARE", "svetsarna", "svetsaren", "welders", "MIG-svetsare"):
        understood = understand(typed)
        assert [concept.slug for concept in understood.concepts] == ["welding"], typed
        assert understood.words == ()


def test_symbols_name_their_skill(vocabulary):
    for typed in ("C#", "c#", ".NET", "dotnet", "MIG/MAG"):
        assert understand(typed).concepts, typed
    assert understand("C#").concepts[0].slug == "csharp"


def test_a_place_in_the_text_becomes_the_place_and_accents_do_not_matter(vocabulary):
    for typed in ("welder Goteborg", "welder Göteborg", "welder GÖTEBORG", "welder gothenburg"):
        understood = understand(typed)
        assert understood.place is not None and understood.place.name == "Göteborg", typed
        assert understood.words == ()
    assert understand("welder Goteborg", place_wanted=False).words == ("goteborg",)


def test_a_sentence_keeps_what_matters(vocabulary):
    understood = understand("need a licensed electrician for a kitchen renovation in Stockholm")
    assert [concept.slug for concept in understood.concepts] == ["electrical"]
    assert understood.place.name == "Stockholm"
    assert understood.words == ("licensed", "kitchen", "renovation")
    swedish = understand("Vi söker en snickare i Uppsala som kan bygga kök")
    assert [concept.slug for concept in swedish.concepts] == ["carpentry"]
    assert swedish.place.name == "Uppsala"
    assert swedish.words == ("bygga", "kök".replace("ö", "o"))


def test_phrases_and_exclusions(vocabulary):
    understood = understand('"ship hulls" welder -stockholm -carpentry')
    assert understood.phrases == (("ship", "hulls"),)
    assert understood.excluded == ("stockholm", "carpentry")
    assert [concept.slug for concept in understood.excluded_concepts] == ["carpentry"]


@pytest.mark.parametrize("typed", [
    "a" * 5000, "#### +++ ///", "the and of för och", "сварщик Göteborg 焊工", "\u200b\u200b", "-", '"', "- - -",
    "C# " * 100,
])
def test_odd_input_is_read_without_error(vocabulary, typed):
    understood = understand(typed)
    assert len(understood.words) <= 10


def test_only_stop_words_are_only_stop_words(vocabulary):
    assert understand("the and of för och").only_stop_words


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("electrcian", "electrician", 2) == 1
    assert edit_distance("elcetrician", "electrician", 2) == 1
    assert edit_distance("weldr", "welder", 1) == 1
    assert edit_distance("plumber", "welder", 2) == 3


# Searching


def test_a_swedish_job_title_finds_the_skill_s_holders(world):
    found = names(search(SearchParams(q="svetsare"), per_page=50))
    assert {"astrid", "frida", "bengt", "erik"} <= set(found)
    assert set(names(search(SearchParams(q="snickare"), per_page=50))) == {"carl"}
    assert set(names(search(SearchParams(q="elektriker"), per_page=50))) == {"erik"}


def test_a_symbol_finds_the_skill_s_holders_not_a_mention_in_passing(world):
    assert names(search(SearchParams(q="C#"), per_page=50)) == ["cecilia"]
    assert names(search(SearchParams(q=".NET"), per_page=50)) == ["cecilia"]


def test_a_holder_of_the_named_skill_ranks_above_a_mention_in_passing(world):
    found = names(search(SearchParams(q="welder"), per_page=50))
    # frida holds welding but her text only says "some welder jobs"; the client company
    # "Welding Göteborg AB" is no freelancer; every holder comes before anyone else.
    assert set(found[:4]) == {"astrid", "frida", "bengt", "erik"}


def test_a_place_typed_without_accents_searches_around_it(world):
    results = search(SearchParams(q="welder Goteborg"), per_page=50)
    assert results.understood.place.name == "Göteborg"
    assert set(names(results)) == {"astrid", "frida"}  # bengt is in Stockholm, erik has no place
    assert names(search(SearchParams(q="svetsare Stockholm"), per_page=50)) == ["bengt"]


def test_a_sentence_finds_the_skill_in_the_place(world):
    results = search(SearchParams(q="need a licensed welder for a ship repair in Göteborg"), per_page=50)
    assert set(names(results)) == {"astrid", "frida"}
    assert names(results)[0] == "astrid"  # her text has "licensed"? no: more of the words, and verified


def test_a_typo_is_corrected_and_said(world):
    for typed, correction in (("weldr", "welder"), ("electrcian", "electrician"), ("snickre", "snickare")):
        results = search(SearchParams(q=typed), per_page=50)
        assert results.understood.corrections == ((typed, correction),), typed
        assert results.total > 0, typed
    as_typed = search(SearchParams(q="weldr", literal=True), per_page=50)
    assert as_typed.total == 0 and as_typed.understood is None


def test_a_near_miss_of_a_skill_is_read_as_the_skill_even_when_it_matches_text(world, make_member, search_taxonomy):
    """On PostgreSQL "kubernets" is stemmed to "kubernet", a prefix of "kubernetes": it found
    the holder and the bio that mentions Kubernetes as words, never matched nothing, and so was
    never corrected; on SQLite "lektriker" is inside "elektriker". Both are corrected before
    the search and read as the skill, its holder first. A near miss that profiles use as a word
    stays as typed: Erik's bio says "svetsar"."""
    skills, _languages, _hot_work = search_taxonomy
    kubernetes = Skill.objects.create(name="Kubernetes", slug="kubernetes", category=skills["python"].category)
    holder = make_member(name="Klara Kluster", city="Umeå", headline="Platform engineer", bio="Runs clusters.")
    give_skills(holder.profile, kubernetes)
    make_member(name="Dag Drift", city="Umeå", headline="Operations engineer", bio="Kubernetes now and then.")
    services.rebuild()
    results = search(SearchParams(q="kubernets"), per_page=50)
    assert results.understood.corrections == (("kubernets", "kubernetes"),)
    assert [concept.slug for concept in results.understood.concepts] == ["kubernetes"]
    assert names(results) == ["klara", "dag"]
    results = search(SearchParams(q="lektriker"), per_page=50)
    assert results.understood.corrections == (("lektriker", "elektriker"),)
    assert [concept.slug for concept in results.understood.concepts] == ["electrical"]
    results = search(SearchParams(q="svetsar"), per_page=50)
    assert results.understood.corrections == () and results.understood.words == ("svetsar",)
    assert "erik" in names(results)


def test_a_near_miss_is_corrected_early_only_when_it_matches_its_correction_as_typed(db):
    """The early correction is for a word whose misspelling the text match does not see: on
    PostgreSQL "kubernets" is stemmed to a prefix of "kubernetes"; on SQLite, which matches
    substrings, "elektrik" is inside "elektriker". "ritning" (a drawing) is one edit from
    "rivning" (demolition) but matches nothing of it: a real word, not a typo of it."""
    from django.db import connection

    from marketplace.search.selectors.engine import _matches_as_typed

    assert _matches_as_typed("elektrik", "elektriker")
    assert _matches_as_typed("kubernets", "kubernetes") == (connection.vendor == "postgresql")
    assert not _matches_as_typed("ritning", "rivning")
    assert not _matches_as_typed("matning", "malning")


def test_too_few_for_all_words_shows_most_of_them_whole_matches_first(world):
    results = search(SearchParams(q="pressure vessels dinosaurs"), per_page=50)
    assert results.understood.relaxed
    assert names(results)[0] == "astrid"


def test_exclusions_and_phrases(world):
    assert "bengt" not in names(search(SearchParams(q="welder -stockholm"), per_page=50))
    assert "erik" not in names(search(SearchParams(q="svetsare -elektriker"), per_page=50))
    assert names(search(SearchParams(q='"ship hulls"'), per_page=50)) == ["astrid"]
    assert search(SearchParams(q='"hulls ship"'), per_page=50).total == 0


def test_a_phrase_matches_a_hyphenated_word(world, make_member):
    """PostgreSQL's parser reads "wet-room" as "wet" next to "room"; SQLite's folded text must
    too (its words are joined by single spaces), or a quoted phrase misses every such bio."""
    make_member(name="Vera Tiler", city="Uppsala", headline="Tiler",
                bio="Bathrooms tiled to the industry's wet-room rules.")
    services.rebuild()
    assert names(search(SearchParams(q='"wet room"'), per_page=50)) == ["vera"]
    assert names(search(SearchParams(q='"Wet-Room rules"'), per_page=50)) == ["vera"]
    assert search(SearchParams(q='"room wet"'), per_page=50).total == 0


def test_only_stop_words_show_the_directory(world):
    everyone = search(SearchParams(), per_page=50).total
    results = search(SearchParams(q="the and of för och"), per_page=50)
    assert results.total == everyone and results.understood.only_stop_words


def test_an_editor_s_new_synonym_reaches_the_search(world, django_capture_on_commit_callbacks):
    assert search(SearchParams(q="smed"), per_page=50).total == 0
    welding = Skill.objects.get(slug="welding")
    with django_capture_on_commit_callbacks(execute=True):
        welding.add_synonym("smed")
        welding.save()
    assert {"astrid", "frida", "bengt", "erik"} <= set(names(search(SearchParams(q="smed"), per_page=50)))


# The page


def test_a_job_title_shared_by_skills_finds_the_holders_of_each_and_the_page_names_them_all(
        page_tree, world, client, vocabulary, django_capture_on_commit_callbacks):
    """A title given to several skills ("backendutvecklare" for C# and Python): the holders of
    either match, and neither the chip nor the heading pretends it meant the first one."""

    def share(*keys):
        with django_capture_on_commit_callbacks(execute=True):
            for key in keys:
                skill = Skill.objects.get(pk=vocabulary[key].pk)
                skill.add_synonym("backendutvecklare")
                skill.save()

    share("csharp", "python")
    understood = understand("backendutvecklare")
    assert [concept.shared for concept in understood.concepts] == [True]
    assert set(understood.concepts[0].skill_ids) == {vocabulary["csharp"].pk, vocabulary["python"].pk}
    assert {"cecilia", "dana"} <= set(names(search(SearchParams(q="backendutvecklare"), per_page=50)))

    page = client.get(directory_url(), {"q": "backendutvecklare"}).content.decode()
    assert "Skills: C#, Python (“backendutvecklare”)" in page
    assert "Skill: C#" not in page and "C# freelancers" not in page
    with translation.override("sv"):
        swedish = notes_for("/sv/frilansare/", SearchParams(q="backendutvecklare"), understand("backendutvecklare"))
    assert [chip.label for chip in swedish.chips] == ["Kompetenser: C#, Python (”backendutvecklare”)"]

    share("carpentry", "electrical")
    page = client.get(directory_url(), {"q": "backendutvecklare"}).content.decode()
    assert "Skills: C#, Carpentry, Electrical installation and 1 more (“backendutvecklare”)" in page


def test_the_page_says_what_it_understood_and_offers_the_words_as_typed(page_tree, world, client):
    page = client.get(directory_url(), {"q": "svetsare Goteborg"}).content.decode()
    assert "Skill: Welding (“svetsare”)" in page
    assert "Near Göteborg, from your words" in page
    assert "as_typed=1" in page

    corrected = client.get(directory_url(), {"q": "weldr"}).content.decode()
    assert "Showing results for <strong>welder</strong>" in corrected
    assert "Search instead for weldr" in corrected
    as_typed = client.get(directory_url(), {"q": "weldr", "as_typed": "1"})
    assert as_typed.status_code == 200 and "Showing results for" not in as_typed.content.decode()


def test_the_page_answers_odd_words_without_error(page_tree, world, client):
    for typed in ("a" * 300, "#### +++", "the of och", "сварщик 焊工", '"unclosed', "-"):
        assert client.get(directory_url(), {"q": typed}).status_code == 200, typed


# Why a result ranks where it does


def test_staff_see_the_parts_of_each_score_and_members_do_not(page_tree, world, client, make_staff, freelancer):
    from marketplace.search.selectors import score_parts

    results = search(SearchParams(q="svetsare"), per_page=50)
    parts = score_parts(results, SearchParams(q="svetsare"))
    for profile in results.profiles:
        # The parts add up to the score the search ordered by.
        assert parts[profile.pk].total == pytest.approx(profile.score, abs=1e-6), profile.display_name
    by_name = {profile.display_name.split()[0].lower(): parts[profile.pk] for profile in results.profiles}
    assert by_name["astrid"].skill > 0 and by_name["astrid"].verified > 0

    client.force_login(make_staff())
    page = client.get(directory_url(), {"q": "svetsare"}).content.decode()
    assert page.count('class="result-card__why"') == page.count('class="card card--link result-card"') > 0
    client.force_login(freelancer)
    assert "result-card__why" not in client.get(directory_url(), {"q": "svetsare"}).content.decode()
    client.logout()
    assert "result-card__why" not in client.get(directory_url(), {"q": "svetsare"}).content.decode()


def test_a_misspelt_name_is_corrected_from_the_profiles_words(world):
    from marketplace.search.models import SearchWord

    assert SearchWord.objects.filter(word="lindqvist", profiles=1).exists()
    assert not SearchWord.objects.filter(word="overifierad").exists()  # not public: not offered
    results = search(SearchParams(q="Astrid Lindqvst"), per_page=50)
    assert results.understood.corrections == (("lindqvst", "lindqvist"),)
    assert names(results) == ["astrid"]


def test_short_words_and_numbers_are_never_corrected(world):
    from marketplace.search.selectors.words import nearest_profile_word

    assert nearest_profile_word("ek") is None and nearest_profile_word("12345") is None
    assert search(SearchParams(q="zq"), per_page=50).understood.corrections == ()


# Document types, symbols that are whole names, inflected job titles


@pytest.fixture
def f_gas(vocabulary):
    """The refrigerant certificate as a document type with its Swedish name and synonyms, and a
    C++ skill and a JavaScript skill that Node.js names."""
    from marketplace.passport.models import CompetenceTemplate
    from marketplace.search.selectors.taxonomy import forget_form_choices

    template = CompetenceTemplate.objects.create(
        name="Refrigerant handling certificate (F-gas)", slug="f-gas", name_sv="Certifikat för köldmedier (F-gas)",
        synonyms="F-gas\nF-gascertifikat\nköldmediecertifikat\nköldmedia",
    )
    category = vocabulary["python"].category
    vocabulary["refrigeration"] = Skill.objects.create(name="Refrigeration", slug="refrigeration",
                                                       category=vocabulary["welding"].category)
    template.skills.set([vocabulary["refrigeration"]])
    vocabulary["cpp"] = Skill.objects.create(name="C++", slug="cpp", category=category, synonyms="C++-utvecklare")
    vocabulary["javascript"] = Skill.objects.create(name="JavaScript", slug="javascript", category=category,
                                                    synonyms="Node.js\nfrontend developer")
    forget_form_choices()
    return template


@pytest.fixture
def refrigeration(world, f_gas, make_member):
    """kyla holds a valid F-gas certificate; gustav welds with gas and mentions no certificate;
    ebba's certificate expired yesterday and petra's waits for review; cecilia (world) writes .NET,
    and oskar C++ besides a mention of C in his bio."""
    import datetime

    from django.utils import timezone

    from marketplace.passport.models import CompetenceDocument

    from .conftest import approved_document

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    kyla = make_member(name="Kyla Kylberg", city="Malmö", headline="Kyltekniker", bio="Värmepumpar och kylrum.")
    make_member(name="Gustav Gas", city="Malmö", headline="Gas welder", bio="Gas welding and brazing of pipes.")
    ebba = make_member(name="Ebba Utgången", city="Malmö", headline="Kylmontör", bio="Kylanläggningar.")
    petra = make_member(name="Petra Väntar", city="Malmö", headline="Kylmontör", bio="Kylanläggningar.")
    approved_document(kyla, f_gas)
    approved_document(ebba, f_gas, expiry_date=yesterday)
    approved_document(petra, f_gas, status=CompetenceDocument.Status.UPLOADED)
    oskar = make_member(name="Oskar Plusson", city="Malmö", headline="Systems programmer",
                        bio="Embedded work in C and some Go.")
    give_skills(oskar.profile, Skill.objects.get(slug="cpp"))
    ragnar = make_member(name="Ragnar Kyl", city="Malmö", headline="Kylmontör", bio="Kylrum och frysrum.")
    give_skills(ragnar.profile, Skill.objects.get(slug="refrigeration"))
    give_skills(ebba.profile, Skill.objects.get(slug="refrigeration"))
    services.rebuild()
    return world


def test_a_document_type_is_understood_by_any_of_its_names(f_gas):
    for typed in ("F-gas", "f-gas", "F-GAS", "F-gascertifikat", "köldmediecertifikat", "koldmedia",
                  "Certifikat för köldmedier (F-gas)", "Refrigerant handling certificate (F-gas)"):
        understood = understand(typed)
        assert [(concept.kind, concept.slug) for concept in understood.concepts] == [("document", "f-gas")], typed
        assert understood.concepts[0].document_type_ids == (f_gas.pk,)
        assert understood.words == (), typed


def test_a_symbol_is_one_name_before_it_is_words(f_gas):
    for typed, slug in (("C++", "cpp"), ("c++", "cpp"), ("C++-utvecklare", "cpp"), ("C#", "csharp"),
                        (".NET", "csharp"), ("Node.js", "javascript"), ("node.js", "javascript")):
        understood = understand(typed)
        assert [concept.slug for concept in understood.concepts] == [slug], typed
        assert understood.words == (), typed


def test_inflected_job_titles_name_their_skill(f_gas):
    assert [concept.slug for concept in understand("svetsaren").concepts] == ["welding"]
    assert [concept.slug for concept in understand("elektrikern").concepts] == ["electrical"]
    assert [concept.slug for concept in understand("frontend developer").concepts] == ["javascript"]


@pytest.mark.parametrize("typed", ["C++++", "++", "F-", "-F-gas", "C++ " * 50, "+-+-", "F- gas"])
def test_odd_symbols_are_read_without_error(f_gas, typed):
    assert len(understand(typed).words) <= 10


def test_a_document_type_finds_the_holders_of_a_valid_document_first(refrigeration):
    for typed in ("F-gas", "F-gascertifikat", "köldmedia"):
        found = names(search(SearchParams(q=typed), per_page=50))
        assert found[0] == "kyla", typed
        # Then the holders of the skill it proves; an expired document or one waiting for
        # review proves nothing (ebba holds the skill, petra not).
        assert set(found[1:3]) == {"ragnar", "ebba"}, typed
        assert "petra" not in found, typed
        # "gas" alone is not what F-gas means: the gas welder is not found.
        assert "gustav" not in found, typed


def test_proof_of_the_named_skill_ranks_its_holders_first(world, make_member, search_taxonomy):
    """Two welders with one proven skill each (the same static score): the one whose document
    proves welding ranks first for a search naming welding; the other proves carpentry."""
    from marketplace.passport.models import CompetenceTemplate
    from marketplace.search.selectors import score_parts

    from .conftest import approved_document

    skills, _languages, hot_work = search_taxonomy
    joinery = CompetenceTemplate.objects.create(name="Joinery certificate", slug="joinery")
    joinery.skills.set([skills["carpentry"]])
    # Created first, so an equal score would put her first (ties go by id).
    other = make_member(name="Olga Other", city="Tornedalen", headline="Welder", bio="Steel work.")
    proven = make_member(name="Pia Proven", city="Tornedalen", headline="Welder", bio="Steel work.")
    give_skills(other.profile, skills["welding"], skills["carpentry"])
    give_skills(proven.profile, skills["welding"], skills["carpentry"])
    approved_document(other, joinery, skills["carpentry"])
    approved_document(proven, hot_work, skills["welding"])
    services.rebuild()
    for typed in ("svetsare", "welder"):
        results = search(SearchParams(q=typed), per_page=50)
        found = names(results)
        assert found.index("pia") < found.index("olga"), typed
        parts = score_parts(results, SearchParams(q=typed))
        assert parts[proven.profile.pk].verified == parts[other.profile.pk].verified, typed
        assert parts[proven.profile.pk].skill > parts[other.profile.pk].skill, typed
    # Proof of carpentry puts Olga first when carpentry is what is asked for.
    found = names(search(SearchParams(q="snickare"), per_page=50))
    assert found.index("olga") < found.index("pia")


def test_excluding_a_document_type_leaves_out_its_holders(refrigeration):
    found = names(search(SearchParams(q="Kylanläggningar värmepumpar -köldmediecertifikat"), per_page=50))
    assert "kyla" not in found


def test_c_plus_plus_finds_its_holders_not_every_word_starting_with_c(refrigeration):
    assert names(search(SearchParams(q="C++"), per_page=50)) == ["oskar"]
    assert names(search(SearchParams(q="C#"), per_page=50)) == ["cecilia"]


def test_the_page_shows_the_document_type_it_understood(page_tree, refrigeration, client):
    page = client.get(directory_url(), {"q": "köldmedia"}).content.decode()
    assert "Document: Refrigerant handling certificate (F-gas) (“köldmedia”)" in page
    assert "Freelancers with Refrigerant handling certificate (F-gas)" in page
    assert "Kyla Kylberg" in page


def test_the_page_answers_odd_symbols_without_error(page_tree, refrigeration, client):
    for typed in ("C++++", "++", "F-", "-F-", "C++ -C++"):
        assert client.get(directory_url(), {"q": typed}).status_code == 200, typed
