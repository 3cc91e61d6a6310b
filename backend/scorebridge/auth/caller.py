"""Who is calling: a signed-in user or an integration client, with what it may do and see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal

from scorebridge.auth.permissions import Permission, Role


@dataclass(frozen=True)
class Caller:
    kind: Literal["user", "client"]
    id: uuid.UUID
    name: str
    roles: frozenset[str] = frozenset()
    permissions: frozenset[Permission] = frozenset()
    department_ids: frozenset[uuid.UUID] = frozenset()
    # Granted departments plus every sub-department (what a department head may read).
    department_scope: frozenset[uuid.UUID] = frozenset()
    person_id: uuid.UUID | None = None
    ip: str | None = None
    extras: dict[str, str] = field(default_factory=dict)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def sees_everything(self) -> bool:
        """HR, admin and integration clients read across the whole organisation."""
        if self.kind == "client":
            return True
        return bool(self.roles & {Role.admin, Role.hr})

    @property
    def is_dept_head(self) -> bool:
        return Role.dept_head in self.roles

    @property
    def is_interviewer(self) -> bool:
        return Role.interviewer in self.roles
