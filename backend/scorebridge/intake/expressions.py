"""JMESPath expressions written by admins (vendor mappings, poll paths): untrusted input.

:func:`check_expression` refuses pathological ones when they are saved (length, nesting, counts
of pipes, projections and function calls), and :func:`evaluate` runs any expression on a budget
of steps, time and size: a few nested ``[@, @]`` double the data at each pipe, and
``to_string``, ``join`` or ``==`` would then walk all of it in one call.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, ClassVar

import jmespath
from jmespath import functions, visitor
from jmespath.exceptions import JMESPathError
from jmespath.parser import ParsedResult

# Refused when saved (422 naming the expression).
MAX_EXPRESSION_LENGTH = 4096
MAX_DEPTH = 32
MAX_PIPES = 8
MAX_PROJECTIONS = 24  # projections, flattens and filters
MAX_FUNCTIONS = 32
# One evaluation: interpreter steps (nodes visited, items produced, values weighed), wall time
# and the size of any value handed to a function, compared or returned (strings by length,
# other values 8 bytes each).
MAX_STEPS = 200_000
MAX_SECONDS = 1.0
MAX_VALUE_BYTES = 2 * 1024 * 1024


class TooCostly(Exception):
    """An evaluation went over its budget (the message says which)."""


@lru_cache(maxsize=512)
def compiled(expression: str) -> ParsedResult:
    return jmespath.compile(expression)


def check_expression(expression: str) -> None:
    """Raise ValueError (a message for the admin) for an expression that is not valid JMESPath
    or that is too large or too deeply nested to run safely."""
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise ValueError(f"at most {MAX_EXPRESSION_LENGTH} characters")
    try:
        parsed = compiled(expression).parsed
    except JMESPathError as exc:
        raise ValueError(f"not a valid JMESPath expression: {exc}") from None
    counts = {"pipe": 0, "projection": 0, "function_expression": 0}
    stack: list[tuple[Any, int]] = [(parsed, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
        kind = node["type"]
        if kind in ("projection", "value_projection", "filter_projection", "flatten"):
            kind = "projection"
        if kind in counts:
            counts[kind] += 1
        stack.extend((c, depth + 1) for c in node.get("children", ()) if isinstance(c, dict))
    for kind, limit, what in (
        ("pipe", MAX_PIPES, "pipes (|)"),
        ("projection", MAX_PROJECTIONS, "projections, flattens and filters ([*], [], [?…])"),
        ("function_expression", MAX_FUNCTIONS, "function calls"),
    ):
        if counts[kind] > limit:
            raise ValueError(f"at most {limit} {what}, this one has {counts[kind]}")


class _Budget:
    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def spend(self, steps: int) -> None:
        before = self.steps
        self.steps += steps
        if self.steps > MAX_STEPS:
            raise TooCostly(f"the mapping takes more than {MAX_STEPS} steps")
        if before >> 10 != self.steps >> 10 and time.monotonic() > self.deadline:
            raise TooCostly(f"the mapping takes longer than {MAX_SECONDS:g} s")

    def weigh(self, value: Any) -> None:
        """Count a value's size (shared parts as often as they occur), within the budget."""
        size, pending = 0, [value]
        while pending:
            item = pending.pop()
            self.spend(1)
            if isinstance(item, str):
                size += len(item)
            else:
                size += 8
                if isinstance(item, dict):
                    pending.extend(item.values())
                elif isinstance(item, list):
                    pending.extend(item)
            if size > MAX_VALUE_BYTES:
                raise TooCostly(f"the mapping makes a value over {MAX_VALUE_BYTES} bytes")


_budget: contextvars.ContextVar[_Budget] = contextvars.ContextVar("mapping_budget")


def _weighed_equality(name: str) -> Callable[[Any, Any], bool]:
    compare = visitor.TreeInterpreter.COMPARATOR_FUNC[name]

    def weighed(left: Any, right: Any) -> bool:
        budget = _budget.get()
        budget.weigh(left)
        budget.weigh(right)
        return bool(compare(left, right))

    return weighed


class _Functions(functions.Functions):
    def call_function(self, function_name: str, resolved_args: Iterable[Any]) -> Any:
        resolved_args = list(resolved_args)
        budget = _budget.get()
        for arg in resolved_args:
            if not isinstance(arg, visitor._Expression):
                budget.weigh(arg)
        return super().call_function(function_name, resolved_args)


class _Interpreter(visitor.TreeInterpreter):
    """The JMESPath interpreter, counting every node it visits and every item it produces."""

    COMPARATOR_FUNC: ClassVar[dict[str, Callable[[Any, Any], Any]]] = {
        **visitor.TreeInterpreter.COMPARATOR_FUNC,
        "eq": _weighed_equality("eq"),
        "ne": _weighed_equality("ne"),
    }

    def __init__(self, budget: _Budget) -> None:
        super().__init__(visitor.Options(custom_functions=_Functions()))
        self.budget = budget

    def visit(self, node: visitor._TreeNode, *args: Any, **kwargs: Any) -> Any:
        self.budget.spend(1)
        result = super().visit(node, *args, **kwargs)
        if isinstance(result, list | dict):
            self.budget.spend(len(result))
        return result


def evaluate(expression: str, payload: Any) -> Any:
    """``expression`` applied to ``payload`` within the budget (raises TooCostly)."""
    budget = _Budget()
    token = _budget.set(budget)
    try:
        result = _Interpreter(budget).visit(compiled(expression).parsed, payload)
        budget.weigh(result)
        return result
    finally:
        _budget.reset(token)
