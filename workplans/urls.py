from django.urls import path

from . import views

app_name = "workplans"

urlpatterns = [
    path("workplans/", views.WorkPlanListView.as_view(), name="list"),
    path("groups/<slug:slug>/workplans/new/", views.create_plan, name="create"),
    path("workplans/<int:pk>/", views.VersionDetailView.as_view(), name="detail"),
    path("workplans/<int:pk>/versions/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path("workplans/<int:pk>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("workplans/<int:pk>/versions/<int:number>/edit/", views.edit_version, name="edit_version"),
    path(
        "workplans/<int:pk>/versions/<int:number>/paragraphs/<uuid:key>/comments/",
        views.paragraph_comments,
        name="paragraph_comments",
    ),
    path("workplans/<int:pk>/versions/<int:number>/rounds/new/", views.create_round, name="create_round"),
    path("workplans/<int:pk>/import/", views.import_version, name="import"),
    path("workplans/<int:pk>/revise/", views.start_revision, name="revise"),
    path("workplans/<int:pk>/compare/", views.compare, name="compare"),
    path("workplans/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("rounds/<int:pk>/extend/", views.extend_round, name="extend_round"),
    path("rounds/<int:pk>/close/", views.close_round, name="close_round"),
    path("rounds/<int:pk>/dashboard/", views.round_dashboard, name="dashboard"),
    path("rounds/<int:pk>/comments/new/", views.create_comment, name="create_comment"),
    path("rounds/<int:pk>/matrix/", views.matrix, name="matrix"),
    path("rounds/<int:pk>/matrix.csv", views.matrix_csv, name="matrix_csv"),
    path("rounds/<int:pk>/matrix.xlsx", views.matrix_xlsx, name="matrix_xlsx"),
    path("rounds/<int:pk>/matrix/pdf/", views.request_matrix_pdf, name="matrix_pdf"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/withdraw/", views.withdraw_comment, name="withdraw_comment"),
    path("comments/<int:pk>/disposition/", views.record_disposition, name="disposition"),
    path("matrix-exports/<uuid:pk>/", views.export_status, name="export"),
    path("matrix-exports/<uuid:pk>/download/", views.export_download, name="export_download"),
]
