"""French wording helpers and the date model, which every prompt depends on."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.content import french
from quizapp.content.dates import DateFormatError, parse_date


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("OpenAI", "d'OpenAI"),
        ("Microsoft", "de Microsoft"),
        ("Emmett Shear", "d'Emmett Shear"),
        ("le gouvernement français", "du gouvernement français"),
        ("les salariés", "des salariés"),
        ("la Station F", "de la Station F"),
        ("Ilya", "d'Ilya"),
    ],
)
def test_de_elides_and_contracts(name: str, expected: str) -> None:
    assert french.de(name) == expected


def test_de_respects_an_explicit_choice() -> None:
    assert french.de("Hugo", elide=True) == "d'Hugo"
    assert french.de("Uber", elide=False) == "de Uber"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (13_000_000_000, "dollars", "13 milliards de dollars"),
        (6_500_000_000, "dollars", "6,5 milliards de dollars"),
        (770, "salariés", "770 salariés"),
        (2500, "salariés", "2\u202f500 salariés"),
        (1, "jours", "1 jour"),
        (1_000_000, "euros", "1 million d'euros"),
    ],
)
def test_quantities(value: float, unit: str, expected: str) -> None:
    assert french.quantity(value, unit, unit[:-1]) == expected


def test_dates_in_french() -> None:
    assert french.day(dt.date(2023, 11, 17)) == "17 novembre 2023"
    assert french.day(dt.date(2023, 12, 1)) == "1er décembre 2023"
    assert parse_date("2023-11-17").on() == "le 17 novembre 2023"
    assert parse_date(2015).on() == "en 2015"
    assert parse_date("2023-02").on() == "en février 2023"
    assert parse_date({"earliest": "2023-11-19", "latest": "2023-11-20"}).on() == "entre le 19 et le 20 novembre 2023"
    assert parse_date({"latest": "2023-11-20", "label": "avant lundi"}).on() == "avant lundi"


def test_date_spans() -> None:
    weekend = parse_date({"earliest": "2023-11-18", "latest": "2023-11-19"})
    assert parse_date("2023-11-17").before(weekend)
    assert not parse_date("2023-11").distinct_from(weekend)
    assert parse_date("unknown").may_overlap(parse_date("2023-11-17"))
    assert parse_date("2024-02").latest == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-13-01", "date impossible"),
        ("17 novembre", "date mal formée"),
        (True, "date attendue"),
        ({"earliest": "2023-11-20", "latest": "2023-11-18"}, "plage de dates inversée"),
        ({"from": "2023-11-20"}, "champ inconnu « from »"),
        ({"label": "x"}, "au moins « earliest » ou « latest »"),
    ],
)
def test_bad_dates(value: object, message: str) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_date(value)


def test_normalize_answer() -> None:
    assert french.normalize_answer("  Jean-Noël  BARROT ") == "jean noel barrot"
    assert french.normalize_answer("Saadé") == french.normalize_answer("saade")
    assert french.normalize_answer("L'OpenAI") != french.normalize_answer("OpenAI")


@pytest.mark.parametrize(
    ("label", "name", "expected"),
    [
        ("le retour de Sam Altman à la direction générale", "Sam Altman", "son retour à la direction générale"),
        ("la démission de Liz Truss", "Liz Truss", "sa démission"),
        ("l'arrivée de Liz Truss au poste", "Liz Truss", "son arrivée au poste"),
        ("les funérailles d'Elizabeth II", "Elizabeth II", "ses funérailles"),
        ("la démission de Sam Altmanx", "Sam Altman", "la démission de Sam Altmanx"),  # another name
        ("le départ d'Elon Musk du conseil", "Sam Altman", "le départ d'Elon Musk du conseil"),
    ],
)
def test_possessive_after_a_phrase_naming_the_person(label: str, name: str, expected: str) -> None:
    assert french.possessive(label, name) == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a annoncé qu'il quittait la tête du parti", True),
        ("s'il le faut", True),
        ("a démissionné elle-même", True),
        ("a quitté le ministère de l'Intérieur", False),
        ("Quelle part des salariés", False),
        ("a pesé de tout son poids", False),
    ],
)
def test_a_bare_pronoun_shows_the_subjects_gender(text: str, shown: bool) -> None:
    assert french.shows_gender(text) is shown


WEEKEND = {"earliest": "2023-11-19", "latest": "2023-11-20", "label": "à l'issue du week-end des 18 et 19 novembre 2023"}


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2022-09-06", "2022-10-25", "du 6 septembre au 25 octobre 2022"),  # the shared year said once
        ("2023-11-19", "2023-11-21", "du 19 au 21 novembre 2023"),  # and the shared month between two days
        ("2023-11-01", "2023-11-21", "du 1er au 21 novembre 2023"),
        ("1952-02-06", "2022-09-08", "du 6 février 1952 au 8 septembre 2022"),
        ("2023-11-17", WEEKEND, "du 17 novembre jusqu'à l'issue du week-end des 18 et 19 novembre 2023"),
        (WEEKEND, "2023-11-21", "de l'issue du week-end des 18 et 19 novembre au 21 novembre 2023"),
        ("2022-04", "2022-10", "d'avril à octobre 2022"),
        (2015, 2018, "de 2015 à 2018"),
        (2015, 2015, "de 2015 à 2015"),  # never down to « de à 2015 »
        # a label no preposition fits keeps its own words, and says when the post ended
        (
            {"earliest": "2023-11-18", "latest": "2023-11-19", "label": "pendant le week-end"},
            "2023-11-21",
            "pendant le week-end, jusqu'au 21 novembre 2023",
        ),
    ],
)
def test_a_span_reads_du_au(since: object, until: object, expected: str) -> None:
    from quizapp.content.dates import span

    assert span(parse_date(since), parse_date(until)) == expected


def test_since_and_until_complements() -> None:
    assert parse_date("2023-11-21").since() == "à partir du 21 novembre 2023"
    assert parse_date("2022-04").since() == "à partir d'avril 2022"
    assert parse_date(2018).until() == "jusqu'en 2018"
    assert parse_date("2023-11-17").until() == "jusqu'au 17 novembre 2023"
    assert parse_date(WEEKEND).until() == "jusqu'à l'issue du week-end des 18 et 19 novembre 2023"
    assert parse_date({"latest": "2023-11-17", "label": "avant novembre 2023"}).until() == "avant novembre 2023"


@pytest.mark.parametrize(
    ("headline", "subject", "pronoun", "expected"),
    [
        ("Sam Altman publie la photo de son badge", "Sam Altman", "il", "publie-t-il la photo de son badge"),
        ("Greg Brockman perd la présidence du conseil", "Greg Brockman", "il", "perd-il la présidence du conseil"),
        ("Penny Mordaunt se retire", "Penny Mordaunt", "elle", "se retire-t-elle"),
        ("Les salariés menacent de partir", "les salariés", "ils", "menacent-ils de partir"),
        ("Elon Musk et Sam Altman se brouillent", "Elon Musk", "il", None),  # two subjects
        ("Sam Altman, de retour, sourit", "Sam Altman", "il", None),
        ("Le conseil licencie Sam Altman", "le conseil d'administration", "il", None),  # not its name
    ],
)
def test_a_headline_asked_as_a_question(headline: str, subject: str, pronoun: str, expected: str | None) -> None:
    assert french.invert_headline(headline, subject, pronoun) == expected


@pytest.mark.parametrize(
    ("answer", "prompt", "leaked"),
    [
        ("17 novembre 2023", "Quand X a-t-il parlé l'après-midi du 17 novembre ?", True),
        ("Pendant le week-end des 18 et 19 novembre 2023", "Quand X a-t-il souri pendant le week-end ?", True),
        ("Pendant le week-end des 18 et 19 novembre 2023", "Quand X a-t-il souri ce week-end-là ?", True),
        ("À l'issue du week-end des 18 et 19 novembre 2023", "Quand X a-t-il accepté à l'issue du week-end ?", True),
        ("À minuit", "Quand X a-t-il annoncé à minuit son départ ?", True),
        ("Pendant le week-end des 18 et 19 novembre 2023", "Quand X a-t-il souri le 19 novembre ?", True),
        ("Pendant le week-end des 18 et 19 novembre 2023", "Quand X a-t-il publié la photo ?", False),
        ("Entre le 5 et le 7 juillet 2022", "Quand a eu lieu la vague de démissions entre ministres ?", False),
        ("Moins de 15 jours avant le licenciement", "Quand a eu lieu le DevDay, moins connu ?", False),
        ("2015", "En quelle année OpenAI a-t-elle été fondée ?", False),
    ],
)
def test_a_prompt_that_says_its_date_leaks(answer: str, prompt: str, leaked: bool) -> None:
    from quizapp.content.styles.when import leaks

    assert leaks(answer, prompt) is leaked


def test_cardinal() -> None:
    assert [french.cardinal(n) for n in (2, 3, 10, 12)] == ["deux", "trois", "dix", "12"]


def test_near_midnight_finds_a_moment_at_the_days_edge() -> None:
    assert french.near_midnight("Le lundi 20 novembre, à minuit pile, le patron de Microsoft révèle…")
    assert french.near_midnight("dans la nuit de dimanche à lundi")
    assert french.near_midnight("vers 23 h, le vote est clos")
    assert not french.near_midnight("dans l'après-midi du 17 novembre, à 15 h")
    assert not french.near_midnight("Le conseil se réunit le vendredi.")
