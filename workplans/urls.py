from django.urls import path

from .views import comments, matrix, plans, rounds, translations, versions

app_name = "workplans"

urlpatterns = [
    path("workplans/", plans.WorkPlanListView.as_view(), name="list"),
    path("groups/<slug:slug>/workplans/new/", plans.create_plan, name="create"),
    path("workplans/<int:pk>/", versions.VersionDetailView.as_view(), name="detail"),
    path("workplans/<int:pk>/versions/<int:number>/", versions.VersionDetailView.as_view(), name="version"),
    path("workplans/<int:pk>/versions/<int:number>/pdf/", versions.version_pdf, name="version_pdf"),
    path("workplans/<int:pk>/versions/<int:number>/edit/", versions.edit_version, name="edit_version"),
    path(
        "workplans/<int:pk>/versions/<int:number>/translate/<str:language>/",
        translations.translate_version,
        name="translate_version",
    ),
    path(
        "workplans/<int:pk>/versions/<int:number>/paragraphs/<uuid:key>/comments/",
        versions.paragraph_comments,
        name="paragraph_comments",
    ),
    path("workplans/<int:pk>/versions/<int:number>/rounds/new/", rounds.create_round, name="create_round"),
    path("workplans/<int:pk>/import/", plans.import_version, name="import"),
    path("workplans/<int:pk>/revise/", plans.start_revision, name="revise"),
    path("workplans/<int:pk>/compare/", plans.compare, name="compare"),
    path("workplans/<int:pk>/adopt/", plans.adopt, name="adopt"),
    path("rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="round"),
    path("rounds/<int:pk>/extend/", rounds.extend_round, name="extend_round"),
    path("rounds/<int:pk>/close/", rounds.close_round, name="close_round"),
    path("rounds/<int:pk>/dashboard/", rounds.round_dashboard, name="dashboard"),
    path("rounds/<int:pk>/comments/new/", comments.create_comment, name="create_comment"),
    path("rounds/<int:pk>/matrix/", matrix.matrix, name="matrix"),
    path("rounds/<int:pk>/matrix.csv", matrix.matrix_csv, name="matrix_csv"),
    path("rounds/<int:pk>/matrix.xlsx", matrix.matrix_xlsx, name="matrix_xlsx"),
    path("rounds/<int:pk>/matrix/pdf/", matrix.request_matrix_pdf, name="matrix_pdf"),
    path("comments/<int:pk>/edit/", comments.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/withdraw/", comments.withdraw_comment, name="withdraw_comment"),
    path("comments/<int:pk>/disposition/", matrix.record_disposition, name="disposition"),
    path("matrix-exports/<uuid:pk>/", matrix.export_status, name="export"),
    path("matrix-exports/<uuid:pk>/download/", matrix.export_download, name="export_download"),
]
