"""A Tracee signature as generated code hands it to the engine.

Standard library only: generated packages import this module.
"""

from __future__ import annotations

from typing import Callable

__all__ = ["Signature"]


class Signature:
    """One detection signature.

    ``id``: the signature's id (``__rego_metadoc__.id``, else its package).
    ``metadata``: the ``__rego_metadoc__`` object ({} when the package has none).
    ``selected_events``: the selectors of ``tracee_selected_events``, each a dict
    with ``name`` and optionally ``source`` and ``origin`` ("*" = any).
    ``match(event)``: None when the event is no finding, else True or the
    finding's data (a dict); may raise ``RegoRuntimeError``.
    ``package``: the Rego package, dotted (``tracee.TRC_1``).
    """

    __slots__ = ("id", "metadata", "selected_events", "match", "package", "rule")

    def __init__(
        self,
        id: str,
        metadata: dict,
        selected_events: list[dict],
        match: Callable[[dict], object],
        package: str,
        rule: Callable[[dict], object] | None = None,
    ):
        self.id = id
        self.metadata = metadata
        self.selected_events = selected_events
        self.match = match
        self.package = package
        # the generated tracee_match itself, called with the event alone: its
        # raw value (True, an object, false or undefined); the engine calls it
        # directly to spare a call per match
        self.rule = rule

    @property
    def name(self) -> str:
        """The signature's human name (``metadata.name``), else its id."""
        meta = self.metadata
        if meta.__class__ is dict:
            name = meta.get("name")
            if name.__class__ is str and name:
                return name
        return self.id

    def __repr__(self) -> str:
        return f"Signature(id={self.id!r}, package={self.package!r})"
