"""The pages behind the links in subscription emails: one-click unsubscribe and public confirmation.

Neither needs an account. The unsubscribe address answers the mail client's one-click POST
(RFC 8058), which carries no CSRF token, so that view alone is csrf_exempt: the signed token
is the authority, and the POST only ever turns emails off. A person who follows the link gets
a page with one button (link scanners that fetch the page change nothing). A forged, altered
or used link gets the same plain page, whoever it was for.
"""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import unsubscribe as links


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        done = links.unsubscribe(token)
        return render(
            request,
            "members/unsubscribe.html",
            {"state": "done" if done else "invalid"},
            status=200 if done else 400,
        )
    state = "ask" if links.still_good(token) else "invalid"
    return render(
        request, "members/unsubscribe.html", {"state": state}, status=200 if state == "ask" else 400
    )


@require_http_methods(["GET", "POST"])
def confirm_subscription(request, token):
    """Double opt-in: the emailed link shows a button; pressing it starts the emails."""
    if request.method == "POST":
        subscriber = links.confirm(token)
        state = "confirmed" if subscriber else "invalid"
    else:
        state = "ask" if links.confirmable(token) else "invalid"
    return render(
        request,
        "members/confirm_subscription.html",
        {"state": state},
        status=400 if state == "invalid" else 200,
    )
