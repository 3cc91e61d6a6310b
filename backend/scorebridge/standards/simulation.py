"""What-if: a draft standard against the current one over a position's results of a period.

Both are evaluated in the database, in one statement: a per-result step (the arithmetic of
:func:`scorebridge.standards.rules.evaluate`) feeds three parts — counts per department, the
first 20 results flipping each way, and (with an outcome metric) the outcome's n, mean and
sum of squares among passers and failers under the draft, each person counted once by their
latest result. PostgreSQL computes the per-result step once for all three (a CTE referenced
more than once is materialised).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scipy import stats
from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    case,
    func,
    literal,
    null,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics.statistics import MIN_N, NOT_ENOUGH
from scorebridge.organisation.models import Department, Person
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.results.schemas import OrgRef, PersonRef
from scorebridge.standards.models import ResultScorecard
from scorebridge.standards.rules import Rules
from scorebridge.standards.schemas import (
    DepartmentRates,
    FlippedResult,
    Flips,
    OutcomeComparison,
    Rate,
    Simulation,
)
from scorebridge.talent.models import PerformanceRecord

R = InterviewResult
D = ResultDimension
WHO = 20


@dataclass(frozen=True)
class Window:
    interviewed_from: datetime | None = None
    interviewed_to: datetime | None = None


def _rules(current: Rules | None, draft: Rules) -> Any:
    """One row per code either standard names: weights (0 when unnamed) and minimums."""
    codes = sorted(draft.codes() | (current.codes() if current else set()))
    rows = []
    for code in codes:
        rows.append(
            select(
                literal(code, String).label("code"),
                literal(float(current.weights.get(code, 0.0)) if current else 0.0, Float).label(
                    "cw"
                ),
                literal(current.minimums.get(code) if current else None, Float).label("cm"),
                literal(float(draft.weights.get(code, 0.0)), Float).label("dw"),
                literal(draft.minimums.get(code), Float).label("dm"),
            )
        )
    return (union_all(*rows) if len(rows) > 1 else rows[0]).cte("rules")


def _sums(rules: Any, normalized: Any) -> list[Any]:
    """Per result: Σ w·score and Σ w (current, draft), and whether a score is below its minimum."""
    return [
        func.sum(rules.c.cw * normalized).label("cn"),
        func.sum(rules.c.cw).label("cd"),
        func.max(case((normalized < rules.c.cm, 1), else_=0)).label("cbelow"),
        func.sum(rules.c.dw * normalized).label("dn"),
        func.sum(rules.c.dw).label("dd"),
        func.max(case((normalized < rules.c.dm, 1), else_=0)).label("dbelow"),
    ]


def _judged(total: Any, numerator: Any, denominator: Any) -> Any:
    return func.coalesce(numerator / func.nullif(denominator, 0.0), total)


def _verdicts(
    position_id: uuid.UUID,
    current: Rules | None,
    draft: Rules,
    window: Window,
    outcome: str | None,
    *,
    scorecard: bool,
) -> Any:
    """One row per result: current and draft weighted totals and verdicts. With ``scorecard``
    (PostgreSQL) the scores come from the results' scorecards — one index range of narrow rows
    for a period of a position, each one's pairs summed in a LATERAL subquery; otherwise from
    the dimension rows, joined and grouped."""
    rules = _rules(current, draft)
    if scorecard:
        table: Any = ResultScorecard
        result_id = ResultScorecard.result_id
        pair = (
            func.unnest(ResultScorecard.codes, ResultScorecard.scores)
            .table_valued("code", "score")
            .render_derived(name="pair")
        )
        sums = _sums(rules, pair.c.score)
        dims = (
            select(*sums).select_from(pair.join(rules, rules.c.code == pair.c.code)).lateral("dims")
        )
        source: Any = ResultScorecard.__table__.join(dims, true())
        summed = [dims.c[c.name] for c in sums]
    else:
        table, result_id = R, R.id
        sums = _sums(rules, D.normalized)
        source = R.__table__.outerjoin(D.__table__, D.result_id == R.id).outerjoin(
            rules, rules.c.code == D.code
        )
        summed = sums
    columns: list[Any] = [
        result_id.label("id"),
        table.person_id.label("person_id"),
        table.department_id.label("department_id"),
        table.normalized_total.label("total"),
    ]
    if outcome is not None:
        when = func.coalesce(table.interviewed_at, table.received_at)
        columns.append(
            func.row_number()
            .over(partition_by=table.person_id, order_by=(when.desc(), result_id.desc()))
            .label("latest")
        )
    grouped = select(*columns, *summed).select_from(source).where(table.position_id == position_id)
    if not scorecard:
        grouped = grouped.group_by(R.id, R.person_id, R.department_id, R.normalized_total)
    if window.interviewed_from:
        grouped = grouped.where(table.interviewed_at >= window.interviewed_from)
    if window.interviewed_to:
        grouped = grouped.where(table.interviewed_at < window.interviewed_to)
    per = grouped.subquery("per_result")
    current_total = _judged(per.c.total, per.c.cn, per.c.cd)
    draft_total = _judged(per.c.total, per.c.dn, per.c.dd)
    passes = (
        and_(current_total >= current.pass_line, func.coalesce(per.c.cbelow, 0) == 0)
        if current
        else literal(False)
    )
    draft_passes = and_(draft_total >= draft.pass_line, func.coalesce(per.c.dbelow, 0) == 0)
    out = [
        per.c.id,
        per.c.person_id,
        per.c.department_id,
        current_total.label("ct"),
        draft_total.label("dt"),
        case((passes, 1), else_=0).label("cp"),
        case((draft_passes, 1), else_=0).label("dp"),
    ]
    if outcome is not None:
        out.append(per.c.latest)
    return select(*out).cte("verdicts")


async def tune(session: AsyncSession) -> None:
    """PostgreSQL, for this transaction: room to sort and hash the window's results in memory,
    no JIT (it costs more than it saves here). Plain index scans stay on: the LATERAL lookups
    of each result's dimensions are exactly that."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL work_mem = '64MB'"))
        await session.execute(text("SET LOCAL jit = off"))


def _none(kind: Any) -> Any:
    return null().cast(kind)


async def simulate(
    session: AsyncSession,
    position_id: uuid.UUID,
    current: Rules | None,
    draft: Rules,
    window: Window,
    outcome: str | None,
) -> Simulation:
    scorecard = session.get_bind().dialect.name == "postgresql"
    v = _verdicts(position_id, current, draft, window, outcome, scorecard=scorecard)
    flip = v.c.cp != v.c.dp
    counts = select(
        literal("d", String).label("part"),
        v.c.department_id.label("department_id"),
        func.count().label("n"),
        func.sum(v.c.cp).label("a"),
        func.sum(v.c.dp).label("b"),
        func.sum(case((and_(flip, v.c.dp == 1), 1), else_=0)).label("to_pass"),
        _none(R.id.type).label("result_id"),
        _none(R.id.type).label("person_id"),
        _none(Float).label("x"),
        _none(Float).label("y"),
    ).group_by(v.c.department_id)
    ranked = (
        select(
            v,
            func.row_number()
            .over(
                partition_by=v.c.dp,
                order_by=(case((v.c.dp == 1, -v.c.dt), else_=v.c.dt), v.c.id),
            )
            .label("rank"),
        )
        .where(flip)
        .subquery("ranked")
    )
    flipped = select(
        literal("f", String).label("part"),
        ranked.c.department_id,
        literal(1, Integer),
        ranked.c.cp,
        ranked.c.dp,
        literal(0, Integer),
        ranked.c.id,
        ranked.c.person_id,
        ranked.c.ct,
        ranked.c.dt,
    ).where(ranked.c.rank <= WHO)
    parts = [counts, flipped]
    if outcome is not None:
        person_outcome = (
            select(
                PerformanceRecord.person_id.label("person_id"),
                func.avg(PerformanceRecord.value).label("y"),
            )
            .where(PerformanceRecord.metric == outcome)
            .group_by(PerformanceRecord.person_id)
            .subquery("outcome")
        )
        parts.append(
            select(
                literal("o", String),
                _none(R.department_id.type),
                func.count(),
                func.sum(person_outcome.c.y),
                func.sum(person_outcome.c.y * person_outcome.c.y),
                v.c.dp,
                _none(R.id.type),
                _none(R.id.type),
                _none(Float),
                _none(Float),
            )
            .join(person_outcome, person_outcome.c.person_id == v.c.person_id)
            .where(v.c.latest == 1)
            .group_by(v.c.dp)
        )
    rows = (await session.execute(union_all(*parts))).all()
    return await _assemble(session, rows, current, outcome)


async def _assemble(
    session: AsyncSession, rows: Sequence[Any], current: Rules | None, outcome: str | None
) -> Simulation:
    departments = [r for r in rows if r[0] == "d"]
    flipped = [r for r in rows if r[0] == "f"]
    outcome_rows = {int(r[5]): r for r in rows if r[0] == "o"}
    n = sum(int(r.n) for r in departments)
    passed_now = sum(int(r.a or 0) for r in departments)
    passed_draft = sum(int(r.b or 0) for r in departments)
    to_pass = sum(int(r.to_pass or 0) for r in departments)
    # every flip is one way or the other: those to fail are the rest
    to_fail = sum(int(r.a or 0) - int(r.b or 0) for r in departments) + to_pass
    orgs = await _departments(session, {r.department_id for r in departments + flipped})
    people = await _people(session, {r.person_id for r in flipped})
    who = {
        direction: [
            FlippedResult(
                result_id=r.result_id,
                person=people[r.person_id],
                department=orgs.get(r.department_id),
                current_total=float(r.x) if current else None,
                draft_total=float(r.y),
            )
            for r in sorted(
                (r for r in flipped if int(r.b) == direction),
                key=lambda r: (-r.y if direction else r.y, str(r.result_id)),
            )
        ]
        for direction in (0, 1)
    }
    by_department = [
        DepartmentRates(
            department=orgs.get(r.department_id),
            n=int(r.n),
            current_rate=int(r.a or 0) / int(r.n) if current else None,
            draft_rate=int(r.b or 0) / int(r.n),
        )
        for r in departments
    ]
    by_department.sort(
        key=lambda d: (d.department is None, d.department.name if d.department else "")
    )
    return Simulation(
        n=n,
        current=Rate(
            version=current.version if current else None,
            pass_rate=passed_now / n if current and n else None,
            passed=passed_now if current else 0,
        ),
        draft=Rate(pass_rate=passed_draft / n if n else None, passed=passed_draft),
        flips=Flips(
            to_pass=to_pass if current else 0,
            to_fail=to_fail if current else 0,
            who_to_pass=who[1] if current else [],
            who_to_fail=who[0] if current else [],
        ),
        by_department=by_department,
        outcome=_compare(outcome, outcome_rows) if outcome is not None else None,
    )


def _by_name(rates: DepartmentRates) -> tuple[bool, str]:
    return (rates.department is None, rates.department.name if rates.department else "")


def _moments(row: Any) -> tuple[int, float | None, float | None]:
    """n, mean and sample variance from n, Σy and Σy²."""
    if row is None:
        return 0, None, None
    n, total, squares = int(row[2]), float(row[3] or 0), float(row[4] or 0)
    if n == 0:
        return 0, None, None
    mean = total / n
    variance = max(squares - n * mean * mean, 0.0) / (n - 1) if n > 1 else None
    return n, mean, variance


def _compare(metric: str, rows: dict[int, Any]) -> OutcomeComparison:
    """Welch's unequal-variance t-test of the outcome, passers vs failers under the draft."""
    n1, m1, v1 = _moments(rows.get(1))
    n0, m0, v0 = _moments(rows.get(0))
    out = OutcomeComparison(
        metric=metric,
        passed_n=n1,
        failed_n=n0,
        passed_mean=m1,
        failed_mean=m0,
        welch_t=None,
        p_value=None,
        enough_data=False,
        message=NOT_ENOUGH + " in each group",
    )
    if n1 < MIN_N or n0 < MIN_N or m1 is None or m0 is None or v1 is None or v0 is None:
        return out
    if v1 + v0 == 0:
        out.message = "no variation in the outcome"
        return out
    test = stats.ttest_ind_from_stats(m1, math.sqrt(v1), n1, m0, math.sqrt(v0), n0, equal_var=False)
    out.welch_t, out.p_value = float(test.statistic), float(test.pvalue)
    out.enough_data, out.message = True, None
    return out


async def _departments(session: AsyncSession, ids: set[Any]) -> dict[Any, OrgRef]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await session.execute(
        select(Department.id, Department.code, Department.name).where(Department.id.in_(wanted))
    )
    return {row.id: OrgRef(id=row.id, code=row.code, name=row.name) for row in rows}


async def _people(session: AsyncSession, ids: set[Any]) -> dict[Any, PersonRef]:
    if not ids:
        return {}
    rows = await session.execute(
        select(Person.id, Person.name, Person.employee_no).where(Person.id.in_(list(ids)))
    )
    return {
        row.id: PersonRef(id=row.id, name=row.name, employee_no=row.employee_no) for row in rows
    }
