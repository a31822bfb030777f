from celery import shared_task

from . import notifications


@shared_task(acks_late=True)
def notify_join_request_decision(join_request_id: int) -> int:
    return notifications.send_join_request_decision(join_request_id=join_request_id)


@shared_task(acks_late=True)
def notify_secretariat_of_join_request(join_request_id: int) -> int:
    return notifications.send_join_request_received(join_request_id=join_request_id)
