"""``{% gabarit nom valeur… %}…{% fingabarit %}``: a piece of the page chrome
rendered once per process for each combination of the values it depends on.

The header, menu and footer are the same on most pages, and rendering them was
most of the cost of a back-office page (``make bench``: person_page_vs_bare).
Django's ``{% cache %}`` does the same through a cache backend, whose key checks
and pickling cost more than rendering a small fragment; this keeps the rendered
strings in a dictionary. Only request-independent markup may go inside: the
values listed after the name must be everything the fragment shows (a CSRF token
or a CSP nonce must stay outside). ``settings.GABARITS_EN_CACHE = False`` turns it
off (development: template edits show at once).
"""

from django import template
from django.conf import settings
from django.template.loader_tags import BlockNode

register = template.Library()

# Rendered fragments by (name, values). The variants are few (a handful per
# layout and per distinct user name shown); the bound only guards against growth.
_FRAGMENTS = {}
_MAX_FRAGMENTS = 10_000


def vider():
    _FRAGMENTS.clear()


class GabaritNode(template.Node):
    # Template inheritance looks for {% block %} tags in every node's children on
    # each rendering; a fragment holds none (checked at parse time), so it is skipped.
    child_nodelists = ()

    def __init__(self, nom, valeurs, nodelist):
        self.nom = nom
        self.valeurs = valeurs
        self.nodelist = nodelist

    def render(self, context):
        if not settings.GABARITS_EN_CACHE:
            return self.nodelist.render(context)
        cle = (self.nom, *(str(v.resolve(context)) for v in self.valeurs))
        rendu = _FRAGMENTS.get(cle)
        if rendu is None:
            rendu = self.nodelist.render(context)
            if len(_FRAGMENTS) >= _MAX_FRAGMENTS:
                _FRAGMENTS.clear()
            _FRAGMENTS[cle] = rendu
        return rendu


@register.tag("gabarit")
def gabarit(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% gabarit %} attend un nom : {% gabarit nom [valeur…] %}")
    nodelist = parser.parse(("fingabarit",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(f"{{% gabarit {bits[1]} %}} ne peut pas contenir de {{% block %}}.")
    return GabaritNode(bits[1], [parser.compile_filter(b) for b in bits[2:]], nodelist)
