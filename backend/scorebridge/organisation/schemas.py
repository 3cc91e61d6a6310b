from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, model_validator

from scorebridge.fairness.schemas import BirthYear, GenderValue
from scorebridge.kit.errors import InvalidInput
from scorebridge.kit.fields import Day, Patch
from scorebridge.kit.messages import Message

Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.\-]+$"),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9\- ]{5,20}$")]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DepartmentCreate(BaseModel):
    code: Code
    name: Name
    parent_id: uuid.UUID | None = None


class DepartmentUpdate(Patch):
    clearable = frozenset({"parent_id"})

    code: Code | None = None
    name: Name | None = None
    parent_id: uuid.UUID | None = None


class DepartmentOut(_Out):
    id: uuid.UUID
    code: str
    name: str
    parent_id: uuid.UUID | None


class PositionCreate(BaseModel):
    code: Code
    name: Name
    department_id: uuid.UUID | None = None


class PositionUpdate(Patch):
    clearable = frozenset({"department_id"})

    code: Code | None = None
    name: Name | None = None
    department_id: uuid.UUID | None = None


class PositionOut(_Out):
    id: uuid.UUID
    code: str
    name: str
    department_id: uuid.UUID | None


class BatchCreate(BaseModel):
    code: Code
    name: Name
    position_id: uuid.UUID | None = None


class BatchUpdate(Patch):
    clearable = frozenset({"position_id"})

    code: Code | None = None
    name: Name | None = None
    position_id: uuid.UUID | None = None


class BatchOut(_Out):
    id: uuid.UUID
    code: str
    name: str
    position_id: uuid.UUID | None


class PersonCreate(BaseModel):
    name: Name
    email: EmailStr | None = None
    phone: Phone | None = None
    employee_no: Code | None = Field(default=None, description="工号, unique when given")
    department_id: uuid.UUID | None = None
    hired_on: Day | None = None
    left_on: Day | None = None

    @model_validator(mode="after")
    def _left_after_hired(self) -> PersonCreate:
        check_employment(self.hired_on, self.left_on)
        return self


def check_employment(hired_on: date | None, left_on: date | None) -> None:
    """A person cannot leave before they were hired (a 422 naming ``left_on``)."""
    if hired_on and left_on and left_on < hired_on:
        raise InvalidInput(["body", "left_on"], Message("before-hiring"))


class PersonUpdate(Patch):
    clearable = frozenset(
        {"email", "phone", "employee_no", "department_id", "hired_on", "left_on"}
        | {"gender", "birth_year"}
    )

    name: Name | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    employee_no: Code | None = None
    department_id: uuid.UUID | None = None
    hired_on: Day | None = None
    left_on: Day | None = None
    # Sensitive: stored apart and never answered here; only admins and auditors read them
    # (GET /people/{id}/attributes).
    gender: GenderValue = None
    birth_year: BirthYear = None


class PersonOut(_Out):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    employee_no: str | None
    department_id: uuid.UUID | None
    hired_on: date | None
    left_on: date | None

    def masked(self) -> PersonOut:
        """Phone and email partly hidden, for department heads and interviewers."""
        return self.model_copy(
            update={"email": mask_email(self.email), "phone": mask_phone(self.phone)}
        )


def mask_email(email: str | None) -> str | None:
    if not email or "@" not in email:
        return email
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_phone(phone: str | None) -> str | None:
    if not phone or len(phone) < 7:
        return phone
    return f"{phone[:3]}****{phone[-4:]}"
