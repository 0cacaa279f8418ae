"""Following the links a person can click, breadth-first, with Django's test client.

What counts as clickable on a page: every ``<a href>`` (header, menu, main content, footer),
and every form: a GET form is followed (submitted with the values it shows), a POST form is
not submitted, only its target is recorded (the caller checks it against the permission matrix).
Each URL is resolved to its url name; one page is visited per *page type*: the url name, the
names of its arguments, and the values of its non-numeric arguments (a diagnostic section, a
sanction step, an inscription step are different pages; two people's files are the same page).

The crawl stays on the site, does not enter Django's admin (its own application: its links are
checked, not followed), and is bounded (``MAX_REQUETES``): a crawl that grows past it fails rather
than running long.
"""

import hashlib
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

MAX_REQUETES = 1500
# Followed: their status is checked, their content is not read (not a page of ours, or not HTML).
NON_SUIVIS = ("admin:", "api-", "v1:", "healthz")
STATUTS_SUIVIS = {301, 302, 303}
# Attributes whose value shapes what a browser shows or tells assistive technologies; the others
# (href, id, name, labels, csrf token…) count by their presence, empty or not, in a page's skeleton.
ATTRIBUTS_DE_FORME = {
    "class",
    "role",
    "type",
    "scope",
    "lang",
    "dir",
    "style",
    "tabindex",
    "disabled",
    "hidden",
    "open",
    "aria-hidden",
    "aria-expanded",
    "aria-current",
    "aria-live",
    "aria-modal",
    "aria-level",
}
ELEMENTS_VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Formulaire:
    methode: str
    action: str
    champs: tuple  # ((name, value), ...): what the form submits as shown


class _Lecteur(HTMLParser):
    """Links and forms of a page (the standard library's parser: no dependency)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.liens = []
        self.formulaires = []
        self._form = None
        self._select = None
        # The skeleton: each open element's children, already reduced (see ``squelette``).
        self._enfants = [[]]
        self._ouverts = []

    @property
    def squelette(self):
        """The page's structure without its data: tags, the attributes that shape it, where text is, and
        a run of identical siblings (the rows of a table, the items of a list) counted once. Two pages
        with the same skeleton get the same answers from axe-core's rules."""
        while self._ouverts:
            self._fermer()
        return hashlib.sha1("".join(self._enfants[0]).encode()).hexdigest()

    def _ajouter(self, morceau):
        enfants = self._enfants[-1]
        if not enfants or enfants[-1] != morceau:
            enfants.append(morceau)

    def _fermer(self):
        tag, ouverture = self._ouverts.pop()
        self._ajouter(ouverture + "".join(self._enfants.pop()) + f"</{tag}>")

    def handle_data(self, data):
        if data.strip():
            self._ajouter("T")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        forme = sorted(
            f"{k}={re.sub(r'[0-9]+', '9', v or '')}" if k in ATTRIBUTS_DE_FORME else k + ("=" if v else "")
            for k, v in attrs
        )
        if tag in ELEMENTS_VIDES:
            self._ajouter(f"<{tag} {' '.join(forme)}>")
        else:
            self._ouverts.append((tag, f"<{tag} {' '.join(forme)}>"))
            self._enfants.append([])
        if tag == "a" and a.get("href") is not None:
            self.liens.append(a["href"])
        elif tag == "form":
            self._form = {"methode": (a.get("method") or "get").lower(), "action": a.get("action") or "", "champs": []}
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and not a.get("disabled"):
            type_ = (a.get("type") or "text").lower()
            if type_ in {"submit", "button", "image", "reset", "file"}:
                return
            if type_ in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["champs"].append((a["name"], a.get("value", "on" if type_ == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "premier": None, "choisi": None}
        elif tag == "option" and self._select is not None:
            valeur = a.get("value", "")
            if self._select["premier"] is None:
                self._select["premier"] = valeur
            if "selected" in a:
                self._select["choisi"] = valeur
        elif tag == "textarea" and a.get("name"):
            self._form["champs"].append((a["name"], ""))
        elif tag == "button" and a.get("formaction"):
            methode = (a.get("formmethod") or self._form["methode"]).lower()
            self.formulaires.append(Formulaire(methode, a["formaction"], ()))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self._ouverts):  # else a stray end tag: the browser ignores it too
            while self._ouverts[-1][0] != tag:
                self._fermer()  # an element left open (<p>, <li>) ends with its parent
            self._fermer()
        if tag == "select" and self._select is not None and self._form is not None:
            choisi = self._select["choisi"] if self._select["choisi"] is not None else self._select["premier"]
            self._form["champs"].append((self._select["name"], choisi or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            f = self._form
            self.formulaires.append(Formulaire(f["methode"], f["action"], tuple(f["champs"])))
            self._form = None


@dataclass(frozen=True)
class Cible:
    url: str  # path and query, on this site
    nom: str  # url name ("namespace:name")
    kwargs: tuple

    @property
    def type_de_page(self):
        return (self.nom, tuple((k, v if not str(v).isdigit() else "<id>") for k, v in self.kwargs))


def cible(url):
    """The site's page behind ``url`` (None when it is not one: another host, a file, an anchor)."""
    morceaux = urlsplit(url)
    if morceaux.scheme not in {"", "http", "https"} or (morceaux.netloc and morceaux.netloc != "testserver"):
        return None
    if not morceaux.path or morceaux.path.startswith(settings.STATIC_URL):
        return None
    chemin = morceaux.path + (f"?{morceaux.query}" if morceaux.query else "")
    try:
        correspondance = resolve(morceaux.path)
    except Resolver404:
        return Cible(chemin, "", ())
    return Cible(chemin, correspondance.view_name, tuple(sorted(correspondance.kwargs.items())))


@dataclass
class Visite:
    """What the crawl of one role found."""

    pages: dict = field(default_factory=dict)  # type of page -> (url, from page): the pages read
    squelettes: dict = field(default_factory=dict)  # type of page -> skeleton of the page read (Lecteur.squelette)
    statuts: dict = field(default_factory=dict)  # url -> (status, from page): every link and GET form shown
    formulaires_post: list = field(default_factory=list)  # (Cible, from page)
    erreurs: list = field(default_factory=list)  # (url, status or exception, from page)

    @property
    def urls_atteintes(self):
        """The URLs reached by clicking (a page, or a redirection to one)."""
        return {url for url, (statut, _) in self.statuts.items() if statut == 200 or statut in STATUTS_SUIVIS}


def explorer(client, depart, *, prioritaires=frozenset(), max_requetes=MAX_REQUETES):
    """Breadth-first from ``depart`` with ``client`` (already logged in, or not).

    Every link and GET form of the first page read of each type is requested (its status
    checked) and read in turn; a later page of a type already read (another person's file,
    another offer) adds only the links of types not seen yet (a draft offer's « Modifier »),
    unless its URL is one of ``prioritaires`` (the objects the caller cares about: a person's
    file whose contract has versions, when the first file read had no contract): a link to one
    of them is always followed, and all its links are. The other links of such a later page are
    requested too, for their status only (a button shown on one person's file but not on the
    first one read): no link shown on a page read escapes the check."""
    visite = Visite()
    types_vus = set()
    file = deque()

    def ajouter(destination, origine, lire=True):
        if destination is not None and destination.url not in visite.statuts:
            if lire:
                types_vus.add(destination.type_de_page)
            file.append((destination, origine, lire))

    ajouter(cible(depart), "(départ)")
    while file:
        page, origine, lire = file.popleft()
        if page.url in visite.statuts:
            continue
        if not page.nom:
            visite.statuts[page.url] = (404, origine)
            visite.erreurs.append((page.url, "aucune URL du site", origine))
            continue
        if len(visite.statuts) >= max_requetes:
            raise AssertionError(f"exploration sans fin : {len(visite.statuts)} liens, {len(visite.pages)} pages lues")
        try:
            reponse = client.get(page.url)
        except Exception as exc:  # noqa: BLE001 — a 500: recorded with the page that links to it
            visite.statuts[page.url] = (500, origine)
            visite.erreurs.append((page.url, repr(exc), origine))
            continue
        statut = reponse.status_code
        visite.statuts[page.url] = (statut, origine)
        if statut in STATUTS_SUIVIS:
            ajouter(cible(urljoin(page.url, reponse["Location"])), page.url, lire)
            continue
        if statut != 200:
            visite.erreurs.append((page.url, statut, origine))
            continue
        if not lire or page.nom.startswith(NON_SUIVIS) or "text/html" not in reponse.get("Content-Type", ""):
            continue
        premiere = page.type_de_page not in visite.pages
        lecteur = _Lecteur()
        lecteur.feed(reponse.content.decode(reponse.charset or "utf-8"))
        if premiere:
            visite.pages[page.type_de_page] = (page.url, origine)
            visite.squelettes[page.type_de_page] = lecteur.squelette
        tout_suivre = premiere or page.url in prioritaires
        destinations = [cible(urljoin(page.url, href)) for href in lecteur.liens]
        for formulaire in lecteur.formulaires:
            action = urljoin(page.url, formulaire.action or page.url)
            if formulaire.methode == "get":
                base = action.split("?")[0]
                destinations.append(cible(f"{base}?{urlencode(formulaire.champs)}" if formulaire.champs else base))
            elif (destination := cible(action)) is not None and not destination.nom:
                visite.erreurs.append((destination.url, "formulaire vers aucune URL du site", page.url))
            elif destination is not None:
                visite.formulaires_post.append((destination, page.url))
        for destination in destinations:
            if destination is not None:
                lire = tout_suivre or destination.type_de_page not in types_vus or destination.url in prioritaires
                ajouter(destination, page.url, lire)
    return visite
