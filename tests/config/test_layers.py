"""The project's shape, read from the source: layered apps, no import cycles, short modules.

The apps stand in layers (members < groups, webhooks < meetings < workplans, press < config) and each
may import only those below it, so a change in a higher app can never break a lower one.
`config.pdf` is the project's shared PDF helper and may be imported from anywhere.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {"members": 0, "groups": 1, "webhooks": 1, "meetings": 2, "workplans": 3, "press": 3, "config": 4}
SHARED = {"config.pdf"}
MAX_LINES = 500
# A services module and its own tasks module call each other by design (enqueue / run).
PAIRED = {("services", "tasks")}


def project_modules() -> dict[str, Path]:
    """Dotted module name -> file, for every hand-written Python module of the apps and tests."""
    modules = {}
    for top in [*LAYERS, "tests"]:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = project_modules()


def imported_modules(name: str, path: Path) -> set[str]:
    """Every project module `name` imports, at module level or inside functions."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module
            for alias in node.names:
                # `from . import services` names a module; `from .models import X` names an object.
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {module for module in found if module.split(".")[0] in LAYERS or module in MODULES}


IMPORTS = {name: imported_modules(name, path) for name, path in MODULES.items()}


def app_of(module: str) -> str:
    return module.split(".")[0]


def test_the_import_reader_sees_relative_and_function_level_imports():
    assert "groups.models" in IMPORTS["groups.views"]
    assert any(app_of(target) == "members" for target in IMPORTS["groups.models"])


def test_each_app_imports_only_the_apps_below_it():
    crossings = []
    for module, targets in IMPORTS.items():
        app = app_of(module)
        if app not in LAYERS:
            continue
        for target in targets:
            other = app_of(target)
            if other == app or other not in LAYERS or target in SHARED:
                continue
            if LAYERS[other] >= LAYERS[app]:
                crossings.append(f"{module} imports {target} ({other} is not below {app})")
    assert not crossings, "\n".join(sorted(crossings))


def subject(module: str) -> str:
    """What kind of module it is: `workplans.services.rounds` and `meetings.minutes.services` are services."""
    parts = module.split(".")
    for kind in ("services", "tasks"):
        if kind in parts[1:]:
            return kind
    return module


def test_no_two_modules_import_each_other():
    cycles = set()
    for module, targets in IMPORTS.items():
        for target in targets:
            if target != module and module in IMPORTS.get(target, ()):
                pair = tuple(sorted((module, target)))
                same_app = app_of(module) == app_of(target)
                kinds = tuple(sorted((subject(module), subject(target))))
                if same_app and kinds in PAIRED:
                    continue
                cycles.add(pair)
    assert not cycles, "\n".join(" <-> ".join(pair) for pair in sorted(cycles))


def test_no_hand_written_module_passes_500_lines():
    too_long = {}
    for path in MODULES.values():
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert not too_long, "\n".join(f"{path}: {lines} lines" for path, lines in sorted(too_long.items()))
