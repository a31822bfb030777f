"""Benchmarks: `python -m tests.benchmarks [name ...]` (or `make bench`, which starts the services).

Each module here with a `run() -> list[Result | Row]` function is one benchmark. It runs in a
throwaway database created for the run, builds its own data and reports its figures
against the issue's targets. Add a benchmark by adding a module.

BENCH_QUICK=1 (`make bench QUICK=1`) runs every case briefly: figures printed, not judged.
"""

import os
from dataclasses import dataclass, field

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


@dataclass
class Row:
    """One line of the table: a case, its figures by column, and each target with whether it was met."""

    case: str
    figures: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)  # [(description, met), ...]
    detail: str = ""

    def check(self, description: str, met: bool) -> None:
        self.targets.append((description, bool(met)))

    @property
    def missed(self) -> list[str]:
        return [description for description, met in self.targets if not met]


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: float | None = None
    detail: str = ""

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.value <= self.target

    def row(self) -> Row:
        row = Row(self.name, {"value": f"{self.value:.3f} {self.unit}"}, detail=self.detail)
        if self.target is not None:
            row.check(f"≤ {self.target:g} {self.unit}", self.ok)
        return row
