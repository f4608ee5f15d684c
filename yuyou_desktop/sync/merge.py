"""Which version of a record stays when a change arrives (sync-protocol.md, "Conflicts and
deletions") — pure functions, the same on every machine.

A change is taken when the record is new here, when it was made on exactly the version held here
(``base_version`` and the base's ``updated_at`` match), or when it is the owner's row as sent in
a reference package and the version held here carries no edit of this office.  A change already
contained in the version here (an ancestor of it) is skipped.  Everything else is a conflict,
decided by :func:`outranks`: a deletion beats an edit (an older update never revives a deleted
row), then the later ``updated_at``, then the county before a township, then the larger content
hash.  The loser is kept in ``sync_conflicts`` — unless both carry the same content, when nothing
is lost.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.Enum):
    TAKE = "take"  # write the incoming version, nothing lost
    SKIP = "skip"  # keep what is here, nothing lost
    TAKE_CONFLICT = "take_conflict"  # incoming wins; keep the local version as the loser
    KEEP_CONFLICT = "keep_conflict"  # local wins; keep the incoming version as the loser


@dataclass(frozen=True)
class Candidate:
    version: int
    updated_at: str  # stored form, sorts as time
    deleted: bool
    by_county: bool  # made by the county office
    digest: str  # hash of the stored values


def outranks(a: Candidate, b: Candidate) -> bool:
    """Whether ``a`` wins over ``b`` (a strict total order over distinct versions)."""
    key_a = (a.deleted, a.updated_at, a.by_county, a.digest)
    key_b = (b.deleted, b.updated_at, b.by_county, b.digest)
    return key_a > key_b


@dataclass(frozen=True)
class Situation:
    incoming: Candidate
    local: Candidate | None
    base_version: int | None  # the version the change was made on (None: not known)
    base_updated_at: str | None
    local_is_own_edit: bool  # the local version was made at this office
    incoming_is_ancestor: bool  # this office's log shows the local version was made on it
    same_content: bool  # both carry the same values apart from the sync bookkeeping
    snapshot: bool = False  # the owner's row as it is now (a county reference package)


def decide(s: Situation) -> Outcome:
    local, incoming = s.local, s.incoming
    if local is None:
        return Outcome.TAKE
    same_stamp = (local.version, local.updated_at) == (incoming.version, incoming.updated_at)
    if same_stamp and s.same_content:
        return Outcome.SKIP  # the version held here (two edits at one instant are not)
    if s.base_version == local.version and s.base_updated_at in (None, local.updated_at):
        return Outcome.TAKE  # made on this very version (even a deliberate undeletion)
    if s.local_is_own_edit:
        if s.incoming_is_ancestor:
            return Outcome.SKIP
    elif s.snapshot:
        # the owner's row as it is now (a reference package; an older one is never applied)
        # over a copy of an earlier one, whatever the versions: the owner's merge may have kept
        # an edit with a lower version than the copy held here
        return Outcome.TAKE
    wins = outranks(incoming, local)
    if s.same_content:
        return Outcome.TAKE if wins else Outcome.SKIP
    return Outcome.TAKE_CONFLICT if wins else Outcome.KEEP_CONFLICT
