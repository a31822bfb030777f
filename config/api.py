"""The open read-only API at /api/v1/: what the public pages show, as JSON (docs at /api/v1/docs).

Every list and record is read through the apps' `visible_to(AnonymousUser())`, whoever asks,
so the API can never show more than a visitor sees.
"""

from ninja.errors import ValidationError

from config.api_base import ClientThrottle, OpenAPI, with_finish
from config.api_groups import router as groups
from config.api_meetings import router as meetings
from config.api_publications import router as publications

api = OpenAPI(
    title="Plenary open data",
    version="1",
    description=(
        "What the public pages of Plenary show: working groups, member states and supporting "
        "states, meetings with their agenda and attendance, papers, decisions, adopted work plans "
        "and press releases. Read-only; lists are paged with `cursor` and filtered by group and date."
    ),
    urls_namespace="api",
    throttle=[ClientThrottle()],
    docs_decorator=with_finish,
)
api.add_router("", groups)
api.add_router("", meetings)
api.add_router("", publications)


@api.exception_handler(ValidationError)
def bad_parameters(request, error):
    # Ninja answers 422; a wrong parameter is the client's error: 400, with the details.
    return api.create_response(request, {"detail": error.errors}, status=400)
