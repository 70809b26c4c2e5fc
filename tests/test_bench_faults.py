"""The pure helpers of bench/faults.py, which count what the fault scenarios proved."""

from bench.faults import by_phase, verdict


def test_every_post_answered_302_and_stored_once_is_exactly_once():
    assert verdict({1: 302, 2: 302, 3: 429}, {1: 1, 2: 1}) == {
        "acknowledged": 2,
        "acknowledged_stored_once": 2,
        "lost": [],
        "duplicated": [],
        "stored_without_answer": [],
        "exactly_once": True,
    }


def test_a_post_answered_302_but_missing_is_lost_and_one_stored_twice_is_duplicated():
    result = verdict({1: 302, 2: 302, 3: 302}, {1: 1, 3: 2})

    assert result["lost"] == [2]
    assert result["duplicated"] == [3]
    assert result["acknowledged_stored_once"] == 1
    assert result["exactly_once"] is False


def test_a_post_whose_answer_never_came_may_be_stored_once_without_breaking_exactly_once():
    result = verdict({1: 302, 2: "connection error"}, {1: 1, 2: 1})

    assert result["stored_without_answer"] == [2]
    assert result["exactly_once"] is True


def test_statuses_are_counted_in_the_phase_of_the_last_mark_before_them():
    events = [(0.5, 200), (1.5, 503), (2.5, 503), (3.5, 200), (3.6, 200)]
    marks = [(1.0, "up"), (2.0, "down"), (3.0, "back")]

    assert by_phase(events, marks) == {"up": {"200": 1, "503": 1}, "down": {"503": 1}, "back": {"200": 2}}
