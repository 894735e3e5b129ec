"""Parameter checks in scikit-learn's ``_parameter_constraints`` style, with one message shape.

An estimator (or function) declares, for each parameter, the constraints a valid value meets (one
is enough), as scikit-learn's ``sklearn/utils/_param_validation.py`` does::

    _parameter_constraints = {
        "n_topics": [Interval(int, 1, None)],
        "model": [Options({"nmf", "lda"})],
        "max_iter": [Interval(int, 1, None), None],
    }

and calls :func:`validate_params` when it starts its work (``fit``, not ``__init__``, so that
``set_params`` and ``clone`` stay plain). A bad value raises :class:`ParameterError`, a
:class:`~discourse.errors.DiscourseError` that is also a ``TypeError`` (as scikit-learn's
``InvalidParameterError`` is both a ``ValueError`` and a ``TypeError``), with one message shape::

    <caller>: <parameter> must be <what the constraints accept>, not <value>; <what to do>

e.g. ``TopicModel: n_topics must be an integer >= 1, not 0; give the number of topics, e.g.
n_topics=8``. scikit-learn's own module is private (its names may change between releases), so
this is the small part of it the package needs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any

from sklearn.exceptions import NotFittedError as _SklearnNotFitted

from ..errors import DiscourseError

__all__ = [
    "Constraint",
    "Interval",
    "Options",
    "InstanceOf",
    "Boolean",
    "Satisfies",
    "ParameterError",
    "NotFittedError",
    "validate_params",
]


class ParameterError(DiscourseError, TypeError):
    """A parameter of a discourse estimator or function has a wrong type or value."""


class NotFittedError(DiscourseError, _SklearnNotFitted):
    """An estimator was asked for results before ``fit`` (also scikit-learn's NotFittedError)."""


class Constraint:
    """What a valid value is: :meth:`is_satisfied_by` and a description for messages."""

    def is_satisfied_by(self, value: Any) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def __str__(self) -> str:  # pragma: no cover - interface
        raise NotImplementedError


def _is_int(value: Any) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_real(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and not (isinstance(value, float) and math.isnan(value))


class Interval(Constraint):
    """Numbers of a type (``int``, ``float`` or ``"real"``: int or float) between two bounds.

    Parameters
    ----------
    kind : {int, float, "real"}
        ``int`` accepts integers (not bools); ``float`` accepts floats only (a proportion, where an
        int means a count); ``"real"`` accepts both.
    left, right : float or None
        Bounds; None is unbounded.
    closed : {"both", "left", "right", "neither"}, default "both"
    """

    def __init__(self, kind: type | str, left: float | None, right: float | None, *, closed: str = "both") -> None:
        if kind not in (int, float, "real") or closed not in ("both", "left", "right", "neither"):
            raise ValueError(f"Interval({kind!r}, closed={closed!r}): kind must be int, float or 'real'")
        self.kind, self.left, self.right, self.closed = kind, left, right, closed

    def is_satisfied_by(self, value: Any) -> bool:
        if self.kind is int:
            ok = _is_int(value)
        elif self.kind is float:
            ok = isinstance(value, float) and not math.isnan(value)
        else:
            ok = _is_real(value)
        if not ok:
            return False
        if self.left is not None and (value < self.left or (value == self.left and self.closed in ("right", "neither"))):
            return False
        return not (self.right is not None and (value > self.right or (value == self.right and self.closed in ("left", "neither"))))

    def __str__(self) -> str:
        noun = {int: "an integer", float: "a float", "real": "a number"}[self.kind]
        lo_in = self.closed in ("both", "left")
        hi_in = self.closed in ("both", "right")
        if self.left is not None and self.right is None:
            return f"{noun} {'>=' if lo_in else '>'} {self.left}"
        if self.left is None and self.right is not None:
            return f"{noun} {'<=' if hi_in else '<'} {self.right}"
        if self.left is None:
            return noun
        return f"{noun} in {'[' if lo_in else '('}{self.left}, {self.right}{']' if hi_in else ')'}"


class Options(Constraint):
    """One of a set of values (strings compared as they are)."""

    def __init__(self, values: Iterable[Any]) -> None:
        self.values = tuple(values)

    def is_satisfied_by(self, value: Any) -> bool:
        try:
            return any(value == v and type(value) is type(v) for v in self.values)
        except Exception:  # noqa: BLE001 - an unhashable or odd value is simply not an option
            return False

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)


class InstanceOf(Constraint):
    """An instance of a type, described by ``name`` (default the type's name)."""

    def __init__(self, kind: type | tuple[type, ...], name: str | None = None) -> None:
        self.kind = kind
        self.name = name or (f"a {kind.__name__}" if isinstance(kind, type) else " or ".join(f"a {k.__name__}" for k in kind))

    def is_satisfied_by(self, value: Any) -> bool:
        return isinstance(value, self.kind)

    def __str__(self) -> str:
        return self.name


class Boolean(Constraint):
    """True or False (Python or numpy booleans)."""

    def is_satisfied_by(self, value: Any) -> bool:
        return isinstance(value, bool) or type(value).__name__ == "bool_"

    def __str__(self) -> str:
        return "True or False"


class Satisfies(Constraint):
    """A value ``check`` accepts (returns True, and raises nothing), described by ``name``."""

    def __init__(self, check: Callable[[Any], bool], name: str) -> None:
        self.check, self.name = check, name

    def is_satisfied_by(self, value: Any) -> bool:
        try:
            return bool(self.check(value))
        except Exception:  # noqa: BLE001 - the check's own error means: not satisfied
            return False

    def __str__(self) -> str:
        return self.name


class _NoneConstraint(Constraint):
    def is_satisfied_by(self, value: Any) -> bool:
        return value is None

    def __str__(self) -> str:
        return "None"


def _make(constraint: Any) -> Constraint:
    if constraint is None:
        return _NoneConstraint()
    if isinstance(constraint, Constraint):
        return constraint
    if isinstance(constraint, type):
        return InstanceOf(constraint)
    raise TypeError(f"unknown parameter constraint {constraint!r}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validate_params(
    caller: str,
    params: Mapping[str, Any],
    constraints: Mapping[str, Sequence[Any]],
    hints: Mapping[str, str] | None = None,
) -> None:
    """Check each parameter against its constraints; raise on the first that meets none.

    Parameters
    ----------
    caller : str
        Who checks (``"TopicModel"``, ``"select_k"``): the start of the message.
    params : mapping
        ``name -> value``; names without constraints are not checked.
    constraints : mapping
        ``name -> list of constraints`` (:class:`Interval`, :class:`Options`, :class:`Boolean`,
        :class:`InstanceOf`, :class:`Satisfies`, a type, or None for None).
    hints : mapping, optional
        ``name -> what to do`` for the message (default: read the parameter's documentation).

    Raises
    ------
    ParameterError
        ``<caller>: <name> must be <constraints>, not <value>; <what to do>``.
    """
    for name, value in params.items():
        if name not in constraints:
            continue
        cons = [_make(c) for c in constraints[name]]
        if any(c.is_satisfied_by(value) for c in cons):
            continue
        accepted = " or ".join(str(c) for c in cons)
        todo = (hints or {}).get(name) or f"see the {name} parameter in help({caller})"
        raise ParameterError(f"{caller}: {name} must be {accepted}, not {_show(value)}; {todo}")
