from celery import shared_task


@shared_task(acks_late=True)
def publish_due_press_releases() -> int:
    # Imported here: services enqueue these tasks, so a module-level import would be circular.
    from . import services

    return services.publish_due_press_releases()


@shared_task(acks_late=True)
def make_press_release_pdf(release_id: int) -> bool:
    from . import services

    return services.make_press_release_pdf(release_id=release_id)


@shared_task(acks_late=True)
def make_missing_pdfs() -> int:
    """Every minute (beat): render release PDFs that should exist and do not."""
    from . import services

    return services.make_missing_pdfs()


@shared_task(acks_late=True)
def deliver_press_mail() -> int:
    """Deliver the emails telling subscribers of a published release now, not at the next scan."""
    from . import notifications

    return notifications.deliver().sent
