"""`{% memo "name" flag ... %}…{% endmemo %}`: a fragment rendered once per process and language.

For markup that depends on nothing but the active language, the URL configuration and the
given flags (read as true or false), such as the site's main menu: every page rendered it again,
a dozen URL reversals and translations. Nothing else from the context may reach the fragment;
keep user data, forms and CSRF tokens outside it. Translations and URLs change only with a new
release (a new process), and tests that change settings empty the memo.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}  # safe strings, as rendered
_MOST = 256  # a bound, should a flag ever take more values than expected


@receiver(setting_changed)
def _forget(**kwargs):
    _rendered.clear()


class MemoNode(template.Node):
    def __init__(self, name: str, flags: list, nodelist):
        self.name, self.flags, self.nodelist = name, flags, nodelist

    def render(self, context):
        key = (
            self.name,
            get_language(),
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            *(bool(flag.resolve(context)) for flag in self.flags),
        )
        html = _rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_rendered) >= _MOST:
                _rendered.clear()
            _rendered[key] = html
        return html  # the node list's own output: already marked safe, kept as it was


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% memo "name" [flag ...] %} needs a quoted name first.')
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
