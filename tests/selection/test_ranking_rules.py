"""The ranking rules by hand (selection/ranking.py, no database)."""

import datetime
from fractions import Fraction

from selection.ranking import (
    MISSING_SCORES,
    NO_REVIEWERS,
    NOT_CANDIDATE,
    Candidate,
    compare,
    rank_list,
    trimmed_mean,
)

T0 = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def day(n):
    return T0 + datetime.timedelta(days=n)


def candidate(entry, scores, *, submitted=0, expected=None, **kwargs):
    scores = dict(enumerate(scores, start=1)) if isinstance(scores, list) else scores
    return Candidate(
        entry=entry,
        submitted_at=day(submitted) if submitted is not None else None,
        expected=frozenset(expected if expected is not None else scores),
        scores=scores,
        info={"title": f"候选{entry}", "department": "甲局"},
        **kwargs,
    )


class TestTrimmedMean:
    def test_four_reviewers_plain_mean(self):
        # (60 + 70 + 80 + 95) / 4 = 76.25: nothing is dropped below five scores.
        assert trimmed_mean([95, 60, 80, 70]) == Fraction(305, 4)

    def test_five_reviewers_drop_one_highest_and_one_lowest(self):
        # 50 and 99 dropped: (70 + 80 + 90) / 3 = 80, where the plain mean would be 77.8.
        assert trimmed_mean([80, 99, 50, 90, 70]) == 80

    def test_only_one_of_equal_extremes_is_dropped(self):
        # One 70 and one 90 dropped: (70 + 80 + 90) / 3 = 80.
        assert trimmed_mean([70, 70, 80, 90, 90]) == 80

    def test_fifteen_reviewers(self):
        values = list(range(60, 75))  # 60..74; drop 60 and 74: mean of 61..73 = 67
        assert trimmed_mean(values) == 67

    def test_no_scores(self):
        assert trimmed_mean([]) is None


class TestRankList:
    def test_scores_are_shown_rounded_and_ranked_exactly(self):
        result = rank_list(
            [
                candidate(1, [80, 81, 81]),  # 80.666…
                candidate(2, [95, 60, 80, 70]),  # 76.25
                candidate(3, [80, 99, 50, 90, 70]),  # 80 (trimmed)
            ]
        )
        ranked = result["ranked"]
        assert [(r["entry"], r["rank"], r["score"]) for r in ranked] == [
            (1, 1, "80.67"),
            (3, 2, "80.00"),
            (2, 3, "76.25"),
        ]
        assert [r["trimmed"] for r in ranked] == [False, True, False]
        assert ranked[1]["scores"] == 5 and result["incomplete"] == []

    def test_a_tie_goes_to_the_earlier_submission(self):
        result = rank_list(
            [
                candidate(1, [80, 80, 80, 80], submitted=5),
                candidate(2, [70, 90, 80, 80], submitted=2),  # also exactly 80, submitted earlier
                candidate(3, [79, 81, 80, 80], submitted=None),  # 80, no date: last of the three
                candidate(4, [81, 81, 81, 81], submitted=9),
            ]
        )
        assert [r["entry"] for r in result["ranked"]] == [4, 2, 1, 3]
        assert [r["rank"] for r in result["ranked"]] == [1, 2, 3, 4]

    def test_the_same_submission_time_falls_back_to_the_entry(self):
        result = rank_list([candidate(7, [80]), candidate(5, [80])])
        assert [r["entry"] for r in result["ranked"]] == [5, 7]

    def test_an_incomplete_candidate_is_listed_not_ranked(self):
        names = {1: "评委1", 2: "评委2", 3: "评委3"}
        result = rank_list(
            [
                candidate(1, {1: 90, 2: 90}, expected={1, 2, 3}),
                candidate(2, {1: 60, 2: 60, 3: 60}),
                candidate(3, {}, expected=set()),
                candidate(4, {1: 99, 2: 99, 3: 99}, is_candidate=False),
            ],
            reviewer_names=names,
        )
        assert [r["entry"] for r in result["ranked"]] == [2]
        incomplete = {r["entry"]: r for r in result["incomplete"]}
        assert incomplete[1]["reason"] == MISSING_SCORES and incomplete[1]["missing"] == ["评委3"]
        assert incomplete[1]["scored"] == 2 and incomplete[1]["expected"] == 3
        assert incomplete[3]["reason"] == NO_REVIEWERS
        assert incomplete[4]["reason"] == NOT_CANDIDATE

    def test_a_score_from_a_reviewer_not_expected_does_not_count(self):
        # Reviewer 9 (of the candidate's own unit, or removed from the panel) is ignored.
        result = rank_list([candidate(1, {1: 80, 2: 90, 9: 0}, expected={1, 2})])
        assert result["ranked"][0]["score"] == "85.00" and result["ranked"][0]["scores"] == 2

    def test_the_top_ten_are_marked_selected(self):
        result = rank_list([candidate(i, [100 - i]) for i in range(1, 13)])
        assert [r["selected"] for r in result["ranked"]] == [True] * 10 + [False] * 2


class TestCompare:
    def test_moves_score_changes_and_newcomers(self):
        before = rank_list(
            [candidate(1, [90]), candidate(2, [80]), candidate(3, [70]), candidate(4, [60])]
        )
        after = rank_list(
            [
                candidate(1, [90]),  # same rank, same score: not listed
                candidate(2, [65]),  # 2nd → 3rd, 80 → 65
                candidate(3, [75]),  # 3rd → 2nd, 70 → 75
                candidate(4, [60], expected={1, 2}),  # now incomplete
                candidate(5, [50]),  # new
            ]
        )
        changes = {c["entry"]: c for c in compare(before, after)}
        assert set(changes) == {2, 3, 4, 5}
        assert changes[3]["change"] == "up" and changes[3]["places"] == 1
        assert (changes[3]["score_before"], changes[3]["score_after"]) == ("70.00", "75.00")
        assert changes[3]["score_delta"] == "+5.00"
        assert changes[2]["change"] == "down" and changes[2]["score_delta"] == "-15.00"
        assert (changes[2]["rank_before"], changes[2]["rank_after"]) == (2, 3)
        assert changes[4]["change"] == "now_incomplete" and changes[4]["rank_before"] == 4
        assert changes[5]["change"] == "new" and changes[5]["rank_after"] == 4

    def test_a_score_change_without_a_move_and_a_removal(self):
        before = rank_list([candidate(1, [90]), candidate(2, [80])])
        after = rank_list([candidate(1, [88])])
        changes = {c["entry"]: c for c in compare(before, after)}
        assert changes[1]["change"] == "score" and changes[1]["score_delta"] == "-2.00"
        assert changes[2]["change"] == "removed"

    def test_a_candidate_completed_since(self):
        before = rank_list([candidate(1, {1: 90}, expected={1, 2})])
        after = rank_list([candidate(1, {1: 90, 2: 70})])
        assert compare(before, after)[0]["change"] == "now_ranked"
