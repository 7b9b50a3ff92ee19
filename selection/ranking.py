"""The ranking rules, without the database (DOMAIN.md "The year-end assessment and its defaults").

A candidate's score is the mean of its expected reviewers' scores, after dropping the highest
and the lowest one when there are TRIM_FROM (5) or more of them. Scores are compared exactly
(fractions), shown rounded to two decimals. Equal scores are broken by the earlier submission of
the project or achievement (a missing date counts as the latest), then by the entry's id so that
the order never depends on the database. A candidate that not every expected reviewer scored, or
that no reviewer may score, or that is no longer a candidate of its list, is listed as
incomplete and never ranked.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .models import TOP_N, TRIM_FROM

LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)

# Why a candidate is not ranked.
MISSING_SCORES = "missing_scores"
NO_REVIEWERS = "no_reviewers"
NOT_CANDIDATE = "not_candidate"


@dataclass
class Candidate:
    entry: int
    submitted_at: datetime.datetime | None
    expected: frozenset  # ids of the reviewers expected to score it
    scores: dict  # reviewer id -> whole score (a reviewer not expected does not count)
    is_candidate: bool = True
    info: dict = field(default_factory=dict)  # copied into the results (title, unit, …)


def trimmed_mean(values):
    """The exact score of a list of whole scores (a Fraction), or None without scores."""
    values = sorted(values)
    if not values:
        return None
    if len(values) >= TRIM_FROM:
        values = values[1:-1]
    return Fraction(sum(values), len(values))


def shown(score):
    """A Fraction rounded to two decimals, as the pages and the ledger show it."""
    exact = Decimal(score.numerator) / Decimal(score.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rank_list(candidates, *, top_n=TOP_N, reviewer_names=None, progress=None):
    """{"ranked": [...], "incomplete": [...]} for one list, JSON-ready.

    `progress(done, total)` is called now and then for long lists."""
    names = reviewer_names or {}
    total = len(candidates)
    complete, incomplete = [], []
    for done, candidate in enumerate(candidates, start=1):
        counted = {r: v for r, v in candidate.scores.items() if r in candidate.expected}
        missing = sorted(candidate.expected - counted.keys())
        reason = None
        if not candidate.is_candidate:
            reason = NOT_CANDIDATE
        elif not candidate.expected:
            reason = NO_REVIEWERS
        elif missing:
            reason = MISSING_SCORES
        if reason:
            incomplete.append(
                {
                    **candidate.info,
                    "entry": candidate.entry,
                    "reason": reason,
                    "scored": len(counted),
                    "expected": len(candidate.expected),
                    "missing": [names.get(r, str(r)) for r in missing],
                }
            )
        else:
            complete.append((trimmed_mean(counted.values()), candidate, len(counted)))
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)
    complete.sort(key=lambda row: (-row[0], row[1].submitted_at or LATEST, row[1].entry))
    ranked = [
        {
            **candidate.info,
            "entry": candidate.entry,
            "rank": rank,
            "score": str(shown(score)),
            "scores": count,
            "trimmed": count >= TRIM_FROM,
            "submitted_at": candidate.submitted_at.isoformat() if candidate.submitted_at else None,
            "selected": rank <= top_n,
        }
        for rank, (score, candidate, count) in enumerate(complete, start=1)
    ]
    return {"ranked": ranked, "incomplete": incomplete}


def compare(previous, current):
    """What moved between two runs' results of one list: [change, …], best-ranked first.

    Each change has "change": up / down (places moved), score (same rank, another score), new
    (not on the list before), now_ranked (was incomplete), now_incomplete, removed."""
    previous = previous or {"ranked": [], "incomplete": []}
    before = {row["entry"]: row for row in previous.get("ranked", [])}
    before_incomplete = {row["entry"]: row for row in previous.get("incomplete", [])}
    now_incomplete = {row["entry"]: row for row in current.get("incomplete", [])}
    now_ranked = {row["entry"] for row in current.get("ranked", [])}
    changes = []
    for row in current.get("ranked", []):
        old = before.get(row["entry"])
        base = {
            "entry": row["entry"],
            "title": row.get("title", ""),
            "department": row.get("department", ""),
            "rank_after": row["rank"],
            "score_after": row["score"],
        }
        if old is None:
            kind = "now_ranked" if row["entry"] in before_incomplete else "new"
            changes.append({**base, "change": kind})
            continue
        places = old["rank"] - row["rank"]
        delta = Decimal(row["score"]) - Decimal(old["score"])
        if not places and not delta:
            continue
        changes.append(
            {
                **base,
                "change": "up" if places > 0 else "down" if places < 0 else "score",
                "rank_before": old["rank"],
                "places": abs(places),
                "score_before": old["score"],
                "score_delta": f"{delta:+.2f}",
            }
        )
    for entry, old in before.items():
        if entry in now_incomplete:
            kind = "now_incomplete"
        elif entry not in now_ranked:
            kind = "removed"
        else:
            continue
        changes.append(
            {
                "entry": entry,
                "title": old.get("title", ""),
                "department": old.get("department", ""),
                "change": kind,
                "rank_before": old["rank"],
                "score_before": old["score"],
            }
        )
    return changes
