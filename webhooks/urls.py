from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("staff/webhooks/", views.webhook_list, name="list"),
    path("staff/webhooks/new/", views.webhook_create, name="create"),
    path("staff/webhooks/<int:pk>/", views.webhook_detail, name="detail"),
    path("staff/webhooks/<int:pk>/edit/", views.webhook_edit, name="edit"),
    path("staff/webhooks/<int:pk>/rotate-secret/", views.webhook_rotate, name="rotate"),
    path("staff/webhooks/<int:pk>/test/", views.webhook_test, name="test"),
    path("staff/webhooks/<int:pk>/delete/", views.webhook_delete, name="delete"),
    path("staff/webhook-deliveries/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
