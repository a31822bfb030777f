"""Benchmarks: `python -m tests.benchmarks [name ...]` (or `make bench`, which starts the services).

Each module here with a `run() -> list[Result]` function is one benchmark. It runs in a
throwaway database created for the run, builds its own data and reports its figures
against the issue's targets. Add a benchmark by adding a module.
"""

from dataclasses import dataclass


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

    def line(self) -> str:
        verdict = {None: "", True: "OK", False: "OVER TARGET"}[self.ok]
        target = f"(target ≤ {self.target:g} {self.unit})" if self.target is not None else ""
        return (
            f"{self.name:<52} {self.value:>9.3f} {self.unit:<4} {target:<22} {verdict} {self.detail}".rstrip()
        )
