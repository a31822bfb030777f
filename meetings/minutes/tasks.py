from celery import shared_task

from .models import print_languages

# The names are those the tasks had in meetings.tasks, so messages queued before a deploy still run
# (those carry no language: they render every language).


@shared_task(name="meetings.tasks.render_minutes_pdf", acks_late=True)
def render_minutes_pdf(minutes_id: int, language: str | None = None) -> None:
    """Re-render the stored minutes PDF in `language` (or in every language); current ones are kept."""
    from . import printing  # WeasyPrint costs ~30 MiB: only workers that render load it

    for code in [language] if language else print_languages():
        printing.print_minutes(minutes_id=minutes_id, language=code)


@shared_task(name="meetings.tasks.render_attendance_pdf", acks_late=True)
def render_attendance_pdf(meeting_id: int, language: str | None = None) -> None:
    from . import printing

    for code in [language] if language else print_languages():
        printing.print_attendance(meeting_id=meeting_id, language=code)


@shared_task(name="meetings.tasks.render_participants_pdf", acks_late=True)
def render_participants_pdf(meeting_id: int, language: str | None = None) -> None:
    from . import printing

    for code in [language] if language else print_languages():
        printing.print_participants(meeting_id=meeting_id, language=code)
