from celery import shared_task

from . import notifications


@shared_task(acks_late=True)
def notify_join_request_decision(join_request_id: int) -> int:
    return notifications.send_join_request_decision(join_request_id=join_request_id)


@shared_task(acks_late=True)
def notify_secretariat_of_join_request(join_request_id: int) -> int:
    return notifications.send_join_request_received(join_request_id=join_request_id)


@shared_task(acks_late=True)
def publish_due_press_releases() -> int:
    from . import services

    return services.publish_due_press_releases()


@shared_task(acks_late=True)
def make_press_release_pdf(release_id: int) -> bool:
    from . import services

    return services.make_press_release_pdf(release_id=release_id)
