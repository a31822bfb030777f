"""Celery tasks, one module per subject beside its services module.

The worker's autodiscovery imports only `workplans.tasks`, so the submodules are imported here
to register their tasks.
"""

from . import exports, prints, rounds

__all__ = ["exports", "prints", "rounds"]
