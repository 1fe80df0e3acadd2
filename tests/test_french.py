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


def test_near_midnight_finds_a_moment_at_the_days_edge() -> None:
    assert french.near_midnight("Le lundi 20 novembre, à minuit pile, le patron de Microsoft révèle…")
    assert french.near_midnight("dans la nuit de dimanche à lundi")
    assert french.near_midnight("vers 23 h, le vote est clos")
    assert not french.near_midnight("dans l'après-midi du 17 novembre, à 15 h")
    assert not french.near_midnight("Le conseil se réunit le vendredi.")
