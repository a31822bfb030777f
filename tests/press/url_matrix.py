from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from press import services
from tests.matrix import PUBLIC, SECRET, STAFF, Case, staff_action
from tests.press.helpers import draft_release, published_release

# The smallest valid PNG: one transparent pixel.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def extend_world(world):
    group = world["group"]
    release = published_release(group, title="First meeting")
    release.pdf.save(f"matrix-{release.slug}.pdf", ContentFile(b"%PDF-1.7\n%matrix\n"), save=False)
    release.pdf_etag, release.pdf_made_at = "matrix", timezone.now()
    release.image.save("photo.png", ContentFile(PNG_BYTES), save=False)
    release.image_alt = "A photo"
    release.save(update_fields=["pdf", "pdf_etag", "pdf_made_at", "image", "image_alt"])
    world["press_release"] = release
    world["press_draft"] = draft_release(group, title="Draft", body=f"Draft body {SECRET}")
    withdrawn = published_release(group, title="Issued in error", body=f"Withdrawn body {SECRET}")
    withdrawn.pdf.save(
        f"matrix-{withdrawn.slug}.pdf", ContentFile(b"%PDF-1.7\n" + SECRET.encode()), save=True
    )
    world["press_withdrawn"] = services.withdraw_press_release(release=withdrawn, note="Issued in error.")
    world["press_in_review"] = services.submit_press_release_for_review(
        release=draft_release(group, title="In review")
    )


def staff_page(name, key="press_release"):
    return lambda w: reverse(f"press:{name}", kwargs={"pk": w[key].pk})


def public_release(name):
    return lambda w: reverse(f"press:{name}", kwargs={"slug": w["press_release"].slug})


def group_slug(world):
    return {"slug": world["group"].slug}


CASES = {
    "press:list": Case(url=lambda w: reverse("press:list"), expect=PUBLIC),
    "press:release": Case(url=public_release("release"), expect=PUBLIC),
    "press:release_pdf": Case(url=public_release("release_pdf"), expect=PUBLIC),
    "press:release_image": Case(url=public_release("release_image"), expect=PUBLIC),
    "press:feed_rss": Case(url=lambda w: reverse("press:feed_rss"), expect=PUBLIC),
    "press:feed_atom": Case(url=lambda w: reverse("press:feed_atom"), expect=PUBLIC),
    "press:subscribe": Case(url=lambda w: reverse("press:subscribe", kwargs=group_slug(w)), expect=PUBLIC),
    "press:group_feed_rss": Case(
        url=lambda w: reverse("press:group_feed_rss", kwargs=group_slug(w)), expect=PUBLIC
    ),
    "press:group_feed_atom": Case(
        url=lambda w: reverse("press:group_feed_atom", kwargs=group_slug(w)), expect=PUBLIC
    ),
    # The sitemap lists every published release, so it is checked with the press world.
    "sitemap": Case(url=lambda w: reverse("sitemap"), expect=PUBLIC),
    "press:manage": Case(url=lambda w: reverse("press:manage"), expect=STAFF),
    "press:create": Case(url=lambda w: reverse("press:create"), expect=STAFF),
    "press:from_meeting": Case(url=lambda w: reverse("press:from_meeting"), expect=STAFF),
    "press:edit": Case(url=staff_page("edit", "press_draft"), expect=STAFF),
    "press:preview": Case(
        url=lambda w: reverse("press:preview"),
        method="post",
        data=lambda w: {"title": "T", "body": "# Heading\n\ntext"},
        expect=staff_action(200),
    ),
    "press:submit": Case(url=staff_page("submit", "press_draft"), method="post", expect=staff_action()),
    "press:return_to_draft": Case(
        url=staff_page("return_to_draft", "press_in_review"), method="post", expect=staff_action()
    ),
    "press:schedule": Case(
        url=staff_page("schedule", "press_in_review"),
        method="post",
        data=lambda w: {"publish_at": "2099-01-01T09:00"},
        expect=staff_action(),
    ),
    "press:publish": Case(url=staff_page("publish", "press_in_review"), method="post", expect=staff_action()),
    "press:correct": Case(
        url=staff_page("correct"),
        method="post",
        data=lambda w: {
            "correction-note": "Date fixed.",
            "correction-title": "First meeting",
            "correction-body": "Corrected text.",
        },
        expect=staff_action(),
    ),
    "press:withdraw": Case(
        url=staff_page("withdraw"),
        method="post",
        data=lambda w: {"withdraw-note": "Issued in error."},
        expect=staff_action(),
    ),
    "press:translate": Case(
        url=staff_page("translate"),
        method="post",
        data=lambda w: {"language": "es"},
        expect=staff_action(),
    ),
}

SECRET_PROBES = {
    "withdrawn release": lambda w: reverse("press:release", kwargs={"slug": w["press_withdrawn"].slug}),
    "withdrawn release pdf": lambda w: reverse(
        "press:release_pdf", kwargs={"slug": w["press_withdrawn"].slug}
    ),
    "draft release preview": staff_page("edit", "press_draft"),
}
