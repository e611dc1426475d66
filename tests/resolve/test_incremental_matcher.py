"""The single-record matcher gives the batch model's scores, through prepared statements."""

from __future__ import annotations

import pytest

from corridor.resolve import Engine, Matcher, Record

BASE = [
    Record("a", "person", ["Марко Петровић"], dob="1985-03-12", nationality=["rs"]),
    Record("b", "person", ["Marko Petrović"], dob="1985-03-12", nationality=["rs"], weak=["phone:+381641234567"]),
    Record("c", "person", ["Agim Krasniqi"], dob="1988-07-01", nationality=["xk"], strong=["passport:P1234567"]),
    Record("d", "person", ["Seán O'Brien"], dob="1979-11-30", nationality=["ie"]),
    Record("e", "person", ["Mohammed Rahimi"], dob="1970-09-21", nationality=["af"]),
]


def test_matcher_scores_equal_the_batch_model() -> None:
    """A record matched alone gets the probability the batch (Splink) run gives the same pair."""
    new = Record("n", "person", ["Petroviq Marko"], dob="1985-12-03", nationality=["rs"], weak=["phone:+381641234567"])
    engine = Engine(r.features() for r in [*BASE, new])
    try:
        engine.block()
        batch = {
            (s.left, s.right): s.probability for s in engine.score(minimum=0.0, prior=1e-4) if 5 in (s.left, s.right)
        }
    finally:
        engine.close()
    engine = Engine(r.features() for r in BASE)
    try:
        engine.block()
        alone = dict(Matcher(engine, prior=1e-4).match(new.features(), minimum=0.0))
    finally:
        engine.close()
    assert set(alone) == {uid for pair in batch for uid in pair if uid != 5}
    for (left, _right), probability in batch.items():
        assert alone[left] == pytest.approx(probability, abs=1e-9)
    assert alone[0] > 0.99


def test_quotes_and_repeated_matches() -> None:
    """Names with quotes are literals, not SQL; the prepared statements serve match after match."""
    engine = Engine(r.features() for r in BASE)
    try:
        engine.block()
        matcher = Matcher(engine, prior=1e-4)
        for _ in range(3):
            found = matcher.match(Record("q", "person", ["Sean O'Brien"], dob="1979-11-30").features())
            assert [uid for uid, _ in found] == [3]
        injected = Record("x", "person", ["x'); DROP TABLE records; --"], dob="1979-11-30")
        assert matcher.match(injected.features()) == []
        assert (
            matcher.match(Record("c2", "person", ["Agim Krasniqi"], strong=["passport:P1234567"]).features())[0][0] == 2
        )
    finally:
        engine.close()


def test_matcher_meets_the_first_holders_of_an_over_full_identifier() -> None:
    """An account in more records than a block holds still leads a new record to its hubs,
    as the batch's star pairs do; without them the holder would stay alone."""
    names = ["Dalibor Todorovic", "Agim Krasniqi", "Hamid Sultani", "Jawad Noori", "Seán O'Brien", "Kemal Yilmaz"]
    holders = [
        Record(str(i), "person", [name], dob=f"19{60 + 3 * i}-0{1 + i}-1{i}", strong=["iban:RS35X"])
        for i, name in enumerate(names)
    ]
    engine = Engine((r.features() for r in holders), max_block=4)
    try:
        engine.block()
        matcher = Matcher(engine, prior=1e-4)
        again = Record("n", "person", ["Dalibor Todorović"], dob="1960-01-10", strong=["iban:RS35X"])
        found = dict(matcher.match(again.features(), minimum=0.0))
        assert set(found) <= {0, 1, 2}  # the first three holders (HUBS), no more
        assert found[0] > 0.99
        stranger = Record("s", "person", ["Ivan Horvat"], dob="1991-02-03", strong=["iban:RS35X"])
        assert set(dict(matcher.match(stranger.features(), minimum=0.0))) == {0, 1, 2}  # the hubs only
    finally:
        engine.close()
