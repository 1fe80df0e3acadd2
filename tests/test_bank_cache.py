"""Generated banks kept on disk between starts (`quizapp/bankcache.py`): a restart reads back what
the same deck source and the same generator made, anything else is generated again, and a damaged or
unwritable cache costs a generation, never a start."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from quizapp import bankcache
from quizapp import decks as decks_module
from quizapp.bankcache import BankCache
from quizapp.content import Bank, Deck, generate
from quizapp.decks import DeckStore

from .conftest import Clock, make_app


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The decks the generator really ran on; the counting generator stands for the real one (the
    store caches only the content core's generator)."""
    ran: list[str] = []

    def counting(deck: Deck, seed: int) -> Bank:
        ran.append(deck.id)
        return generate(deck, seed)

    monkeypatch.setattr(decks_module, "GENERATOR", counting)
    return ran


def store(decks: Path, cache: BankCache) -> DeckStore:
    return DeckStore([decks], generate=decks_module.GENERATOR, cache=cache)


def test_a_restart_reads_the_bank_back_instead_of_generating_it(decks: Path, tmp_path: Path, made: list[str]) -> None:
    first = store(decks, BankCache(tmp_path / "cache"))
    assert made == ["openai-saga"]
    again = BankCache(tmp_path / "cache")
    second = store(decks, again)
    assert made == ["openai-saga"] and again.hits == 1
    assert second.bank("openai-saga") == first.bank("openai-saga") == generate(first.decks["openai-saga"], 0)


def test_an_edited_deck_is_generated_again_and_its_old_bank_is_not_read(decks: Path, tmp_path: Path, made: list[str]) -> None:
    store(decks, BankCache(tmp_path / "cache"))
    quotes = decks / "openai-saga" / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("Coup de théâtre", "Retournement complet"), encoding="utf-8")
    edited = store(decks, BankCache(tmp_path / "cache"))
    assert made == ["openai-saga", "openai-saga"]
    texts = [q.explanation for q in edited.bank("openai-saga").questions]
    assert any("Retournement complet" in t for t in texts) and not any("Coup de théâtre" in t for t in texts)


def test_new_generator_code_or_another_seed_is_a_new_key(saga: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "content"
    code.mkdir()
    (code / "generator.py").write_text("A = 1\n")
    monkeypatch.setattr(bankcache, "CONTENT_CODE", code)
    bankcache.code_digest.cache_clear()
    try:
        before = bankcache.deck_key(saga, 0)
        assert bankcache.deck_key(saga, 0) == before  # the same deck, code and seed: the same key
        (code / "generator.py").write_text("A = 2\n")
        bankcache.code_digest.cache_clear()
        assert bankcache.deck_key(saga, 0) != before
        assert bankcache.deck_key(saga, 1) != bankcache.deck_key(saga, 0)
        edited = saga.model_copy(update={"as_of": saga.as_of.replace(day=1)})
        assert bankcache.deck_key(edited, 0) != bankcache.deck_key(saga, 0)
    finally:
        bankcache.code_digest.cache_clear()


def test_a_damaged_file_is_generated_again_and_replaced(
    decks: Path, tmp_path: Path, made: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    store(decks, BankCache(tmp_path / "cache"))
    (written,) = (tmp_path / "cache").glob("*.bank")
    data = written.read_bytes()
    written.write_bytes(data[: len(data) // 2])  # cut short, as by a crash while writing
    with caplog.at_level(logging.WARNING, logger="quizapp.bankcache"):
        again = BankCache(tmp_path / "cache")
        store(decks, again)
    assert made == ["openai-saga", "openai-saga"] and again.hits == 0
    assert "illisible" in caplog.text
    assert written.read_bytes() == data  # written again whole
    flipped = bytearray(data)
    flipped[-10] ^= 0xFF  # one byte changed inside the pickle
    written.write_bytes(bytes(flipped))
    store(decks, BankCache(tmp_path / "cache"))
    assert made == ["openai-saga"] * 3


def test_a_cache_that_cannot_be_written_costs_a_generation_not_the_start(
    decks: Path, tmp_path: Path, made: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="quizapp.bankcache"):
        served = store(decks, BankCache(blocked / "banks"))
    assert served.bank("openai-saga").questions and "non mise en cache" in caplog.text
    store(decks, BankCache(blocked / "banks"))
    assert made == ["openai-saga", "openai-saga"]


def test_only_the_most_recently_used_files_are_kept(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache", keep=3)
    bank = Bank("d", (), ())
    folder = tmp_path / "cache"
    for n in range(3):
        cache.get(f"key{n}", lambda: bank)
        os.utime(folder / f"key{n}.bank", ns=(n * 10**9, n * 10**9))  # written in this order, a second apart
    assert cache.get("key0", lambda: Bank("other", (), ())) == bank and cache.hits == 1  # read back: used now
    cache.get("key3", lambda: bank)  # a fourth: the least recently used goes (key1, not key0)
    assert sorted(p.stem for p in folder.glob("*.bank")) == ["key0", "key2", "key3"]


def test_the_app_restarted_on_its_instance_does_not_generate_its_decks_again(tmp_path: Path, clock: Clock) -> None:
    first = make_app(tmp_path, clock).extensions["decks"]
    online = len(first.decks)
    assert first.cache.hits == 0 and online >= 1
    assert len(list((tmp_path / "instance" / "cache" / "banks").glob("*.bank"))) == online
    restarted = make_app(tmp_path, clock).extensions["decks"]
    assert restarted.cache.hits == online
    assert {d: restarted.bank(d) for d in restarted.decks} == {d: first.bank(d) for d in first.decks}
    assert make_app(tmp_path / "off", clock, BANK_CACHE=False).extensions["decks"].cache is None
