"""The demo's people: stable Vietnamese names, unique e-mail addresses and mobile numbers."""
from __future__ import annotations

from typing import NamedTuple

from faker import Faker

from contest.models import Role, Unit, User
from contest.services import demo_data as data
from contest.services.accounts import create_user
from contest.text import fold


class DemoLogin(NamedTuple):
    role: Role
    email: str
    full_name: str
    password: str


class People:
    """Stable Vietnamese names (Họ + đệm + tên), unique e-mail addresses and mobile numbers."""

    def __init__(self, fake: Faker) -> None:
        self.random = fake.random
        self.fake = fake
        self.names: set[str] = set()
        self.locals: set[str] = {data.ADMIN_EMAIL_LOCAL, *data.FIRST_EMAIL_LOCALS.values(),
                                 data.CT_ORGANIZER_LOCAL, data.NATIONAL_ORGANIZER_LOCAL}
        self.users: dict[str, User] = {}

    def add_many(self, role: Role, units: list[Unit]) -> list[DemoLogin]:
        first = data.FIRST_EMAIL_LOCALS[role.value]
        return [self.add(role, unit, local=first if i == 0 else None)
                for i, unit in enumerate(units)]

    def add(self, role: Role, unit: Unit | None, *, local: str | None = None) -> DemoLogin:
        full_name = self._name()
        email = f"{local or self._local_part(full_name)}@{data.EMAIL_DOMAIN}"
        user, password = create_user(email=email, role=role, full_name=full_name)
        self.users[user.email] = user
        user.unit = unit
        user.phone = self._phone()
        return DemoLogin(role, user.email, user.full_name, password)

    def _name(self) -> str:
        surnames = [s for s, _ in data.SURNAMES]
        weights = [w for _, w in data.SURNAMES]
        while True:
            female = self.random.random() < 0.5
            name = " ".join((
                self.random.choices(surnames, weights=weights)[0],
                self.random.choice(data.FEMALE_MIDDLE_NAMES if female
                                   else data.MALE_MIDDLE_NAMES),
                self.random.choice(data.FEMALE_GIVEN_NAMES if female
                                   else data.MALE_GIVEN_NAMES),
            ))
            if name not in self.names:
                self.names.add(name)
                return name

    def _local_part(self, full_name: str) -> str:
        # The Vietnamese office habit: given name + initials, "Nguyễn Thị Thu Hà" → "hantt".
        *others, given = fold(full_name).split()
        base = given + "".join(part[0] for part in others)
        local, n = base, 1
        while local in self.locals:
            n += 1
            local = f"{base}{n}"
        self.locals.add(local)
        return local

    def _phone(self) -> str:
        digits = self.random.choice(data.MOBILE_PREFIXES) + self.fake.numerify("#######")
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
