"""Reading letters (PDF) the way La Poste's window sees them: where each piece of text is printed.

``FENETRE`` is the part of the first page that the window of a DL envelope always shows, however
the folded sheet sits in it (templates/courriers/_bloc_adresse.html gives the reasoning):
100 to 190 mm from the left edge, 50 to 84 mm from the top.
"""

import io

from pypdf import PdfReader

MM = 72 / 25.4
FENETRE = (100.0, 50.0, 190.0, 84.0)  # left, top, right, bottom, in mm from the page's top-left corner
# DejaVu Sans Mono: every glyph is 0.602 em wide; the block is set at 10 pt.
LARGEUR_CARACTERE_MM = 0.602 * 10 / MM
# From a line's baseline: the capitals rise 2.6 mm, the descenders go 0.8 mm below (10 pt).
ASCENDANT_MM, DESCENDANT_MM = 2.6, 0.8


def textes_places(octets, page=0):
    """``[(x_mm, y_mm, texte)]``: each piece of text of ``page`` with its baseline origin, measured from
    the page's top-left corner (pypdf gives the text matrix and the current matrix: both are applied)."""
    feuille = PdfReader(io.BytesIO(octets)).pages[page]
    hauteur = float(feuille.mediabox.height)
    places = []

    def visiteur(texte, cm, tm, _police, _taille):
        if not texte.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        places.append((x / MM, (hauteur - y) / MM, texte.strip()))

    feuille.extract_text(visitor_text=visiteur)
    return places


def dans_la_fenetre(x, y, texte):
    gauche, haut, droite, bas = FENETRE
    return (
        x >= gauche
        and x + len(texte) * LARGEUR_CARACTERE_MM <= droite
        and y - ASCENDANT_MM >= haut
        and y + DESCENDANT_MM <= bas
    )


def bloc_adresse(octets):
    """The lines printed inside the window, top to bottom; asserts that each lies wholly inside it
    and that nothing else is printed there."""
    gauche, haut, droite, bas = FENETRE
    vus = []
    for x, y, texte in textes_places(octets):
        touche = x < droite and x + len(texte) * LARGEUR_CARACTERE_MM > gauche and y > haut and y - 3 < bas
        if touche:
            assert dans_la_fenetre(x, y, texte), f"« {texte} » déborde de la fenêtre ({x:.1f} mm, {y:.1f} mm)"
            vus.append((y, x, texte))
    return [texte for _y, _x, texte in sorted(vus)]
