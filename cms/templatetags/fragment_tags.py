"""``{% fragment "name" page.pk %}…{% endfragment %}``: a piece rendered once per content generation.

Only for markup that is the same for every visitor of the same kind (see cms.fragments); forms with a
CSRF token or anything per person stay outside it.
"""

from django import template
from django.utils.safestring import mark_safe

from ..fragments import kept

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        key = (self.name.resolve(context), *(str(v.resolve(context)) for v in self.vary))
        return mark_safe(kept(context.get("request"), key, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name, then what the piece varies on")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
