from celery import shared_task

# The names are those the tasks had in meetings.tasks, so messages queued before a deploy still run.


@shared_task(name="meetings.tasks.render_minutes_pdf", acks_late=True)
def render_minutes_pdf(minutes_id: int) -> None:
    """Re-render the stored minutes PDF; does nothing when it is already current."""
    from . import printing  # WeasyPrint costs ~30 MiB: only workers that render load it

    printing.print_minutes(minutes_id=minutes_id)


@shared_task(name="meetings.tasks.render_attendance_pdf", acks_late=True)
def render_attendance_pdf(meeting_id: int) -> None:
    from . import printing

    printing.print_attendance(meeting_id=meeting_id)
