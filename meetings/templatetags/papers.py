"""A paper's links: the reader's language first, then every language it exists in (lang and hreflang)."""

from django import template
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.inclusion_tag("meetings/_paper_links.html")
def paper_links(document, show_size=True):
    """Prefetch the paper's `files`: the tag reads them without a query."""
    language = get_language()
    main = document.file_for(language)
    files = [
        {"row": row, "name": get_language_info(row.language)["name_local"]}
        for row in document.language_files()
    ]
    return {
        "document": document,
        "main": main,
        "files": files,
        "page_language": language,
        "show_size": show_size,
    }
