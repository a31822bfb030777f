"""Make Django's and every installed app's own strings Brazilian under the language code `pt`.

The product's `pt` is Brazilian Portuguese (URLs /pt/, translated fields `*_pt`), but Django,
allauth and the other apps ship Portugal's Portuguese under `pt` ("Palavra-passe") and
Brazil's under `pt_BR` ("Senha"). This command puts each package's compiled `pt_BR`
catalogue where Django looks for `pt`, under var/locale/ (generated, never committed), and
settings add those folders to LOCALE_PATHS after the project's own catalogue, in the order of
INSTALLED_APPS, so the usual precedence holds.

`make demo`, `make test` and the Docker image run it with compilemessages.
"""

import shutil
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

CATALOGUE = Path("pt_BR") / "LC_MESSAGES" / "django.mo"


def vendor_catalogues() -> list[tuple[str, Path]]:
    """(name, compiled pt_BR catalogue) for each installed app that has one, then Django's own."""
    found = []
    for config in apps.get_app_configs():
        source = Path(config.path) / "locale" / CATALOGUE
        ours = Path(config.path).parent == Path(settings.BASE_DIR)
        if source.exists() and not ours:
            found.append((config.label, source))
    found.append(("django", Path(django.__file__).parent / "conf" / "locale" / CATALOGUE))
    return found


class Command(BaseCommand):
    help = "Copy the installed packages' Brazilian Portuguese catalogues to var/locale/ for `pt`."

    def handle(self, *args, **options):
        target_root = settings.BRAZILIAN_LOCALE_DIR
        if target_root.exists():
            shutil.rmtree(target_root)
        for rank, (name, source) in enumerate(vendor_catalogues()):
            target = target_root / f"{rank:03d}-{name}" / "pt" / "LC_MESSAGES" / "django.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.stdout.write(f"Brazilian Portuguese catalogues for {rank + 1} packages in {target_root}")
