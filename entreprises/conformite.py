"""The compliance check of a job offer: discriminatory or illegal wording, and a salary below the SMIC.

``verifier(offre)`` returns a list of findings ``{"motif", "extrait", "champ"}``: ``motif`` is the
French reason shown to the employer and to the conseiller who reviews the offer, ``extrait`` the
words as the employer wrote them, ``champ`` the label of the field they were found in. An empty
list means nothing was flagged. Nothing here blocks an offer: a flagged offer goes to a
conseiller's review queue (``entreprises.offres.soumettre``), who publishes it or sends it back.

How the wording is read
-----------------------

Texts are folded (lower case, no accents, ligatures split, apostrophes and line breaks as
spaces, inclusive-writing marks such as « candidat(e)s » or « candidat·e·s » joined), so that
one pattern covers « Âgé », « agée », « AGÉES ». Every pattern lists its gender and plural
forms. A match is then dropped when it lies inside an *exception*: phrases that mention the
same word without excluding anyone (« H/F », « nous accueillons les seniors », « poste
accessible aux travailleurs handicapés », « sans distinction d'âge », « suivi des femmes
enceintes » for a midwife, « mettre l'accent sur », « dans l'enceinte du stade »…). The
exceptions are as much a part of the rule as the patterns, and both sides are tested
(``tests/entreprises/test_conformite.py``).

Decisions taken (and why)
-------------------------

- « Jeune diplômé » is flagged: the Défenseur des droits treats it as an age criterion in
  disguise (it mostly excludes older people who graduate late); « débutant accepté » says
  the same thing lawfully.
- « Senior » and « junior » are flagged when they describe the person sought, even as a level
  (« développeur senior »): they refer to age; the experience expected is the lawful criterion.
  They are not flagged when they welcome people (« seniors bienvenus ») or name a public
  served (« résidence seniors »).
- A gendered job title without « H/F » (« serveuse ») is not flagged: writing both forms is good
  practice, not a legal requirement that a machine could check fairly. Exclusivity is flagged
  (« serveuse uniquement », « recherche une femme »).
- A minimum age of 16 (the minimum working age, C. trav. L4153-1) or 18 (majority: night work,
  dangerous work, L3163-2 and D4153-15) is a legal condition and not flagged; any other age
  figure about the person sought is.
- The legal exception for sex (R1142-1: artists playing a role, models) drops sex findings
  for the ROME sheets of those jobs (``ROME_SEXE_DETERMINANT``).
- The salary rule uses the SMIC in force on the day the job starts (a dated legal parameter,
  ``entreprises.smic_horaire_brut``), times the weekly hours, times 52/12. Overtime premiums
  are left out, so the figure is a floor that never flags a lawful salary. Apprenticeship and
  professionalisation contracts (paid a share of the SMIC by age and year, D6222-26 and
  D6325-15) and independent missions (not salaried) are flagged for review with their own
  reason rather than treated as illegal; under-18s' reductions (D3231-3) cannot be known from
  an offer and are left to the conseiller.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from entreprises.enums import TypeContrat
from francetravail.base.nombres import decimal_fr
from francetravail.parametres.lookup import valeur

# --- Reasons shown to the user --------------------------------------------------------------------

AGE = (
    "Critère d'âge : une offre ne peut fixer ni limite ni préférence d'âge (C. trav. L1132-1 et L5331-2, "
    "code pénal 225-1). Décrivez plutôt l'expérience ou les compétences attendues ; seules les conditions "
    "d'âge fixées par la loi (apprentissage, contrats aidés, protection des mineurs) sont admises."
)
JEUNE_DIPLOME = (
    "« Jeune diplômé » : le Défenseur des droits y voit un critère d'âge déguisé (C. trav. L1132-1). "
    "Écrivez plutôt « débutant accepté » ou « première expérience »."
)
SENIORITE = (
    "« Senior » ou « junior » renvoient à l'âge (C. trav. L1132-1) : indiquez plutôt l'expérience attendue, "
    "par exemple « 5 ans d'expérience »."
)
SEXE = (
    "Critère de sexe : une offre ne peut réserver un poste à un sexe ni en exclure un (C. trav. L1132-1 et "
    "L1142-1, code pénal 225-1), sauf pour les artistes, mannequins et modèles (R1142-1). "
    "Écrivez les deux formes, par exemple « serveur ou serveuse (H/F) »."
)
ORIGINE = (
    "Critère d'origine, de nationalité ou d'apparence ethnique (C. trav. L1132-1, code pénal 225-1). "
    "Seule l'autorisation de travailler en France peut être demandée (C. trav. L5221-2 et L5221-8)."
)
LANGUE = (
    "Exiger une langue « maternelle », un locuteur « natif » ou l'absence d'accent revient à choisir selon "
    "l'origine (C. trav. L1132-1). Indiquez le niveau attendu, par exemple « anglais courant (niveau C1) »."
)
FAMILLE = (
    "Critère de situation de famille : une offre ne peut en faire mention (C. trav. L1132-1 et L1142-1, "
    "code pénal 225-1)."
)
GROSSESSE = "Critère de grossesse ou de projet d'enfant (C. trav. L1132-1, L1142-1 et L1225-1, code pénal 225-1)."
SANTE = (
    "Critère d'état de santé ou de handicap (C. trav. L1132-1, code pénal 225-1). L'aptitude au poste est "
    "appréciée par le médecin du travail : décrivez plutôt les conditions de travail (port de charges, "
    "travail en hauteur, station debout…)."
)
APPARENCE = (
    "Critère d'apparence physique (C. trav. L1132-1, code pénal 225-1). Une photo ne peut être exigée : "
    "seules les informations en lien direct avec l'emploi peuvent être demandées (C. trav. L1221-6)."
)
RELIGION = (
    "Critère de convictions religieuses (C. trav. L1132-1, code pénal 225-1). Une règle de neutralité ne vaut "
    "que si elle figure au règlement intérieur et est justifiée par le poste (C. trav. L1321-2-1)."
)
OPINIONS = "Critère d'opinions politiques ou d'activités syndicales (C. trav. L1132-1 et L2141-5, code pénal 225-1)."
ORIENTATION = "Critère d'orientation sexuelle, d'identité de genre ou de mœurs (C. trav. L1132-1, code pénal 225-1)."
RESIDENCE = (
    "Critère de lieu de résidence (C. trav. L1132-1, code pénal 225-1). Indiquez plutôt le lieu de travail, "
    "les horaires ou les astreintes."
)
SITUATION_ECONOMIQUE = (
    "Critère de situation économique : écarter des personnes au chômage, au RSA ou en difficulté financière "
    "est une discrimination (C. trav. L1132-1, code pénal 225-1)."
)
TRAVAIL_DISSIMULE = (
    "Travail non déclaré ou non payé : tout travail, essai compris, est déclaré et rémunéré "
    "(C. trav. L8221-1 et L8221-5)."
)
FRAIS = (
    "Aucune somme ne peut être demandée à une personne qui cherche un emploi pour postuler ou être recrutée "
    "(C. trav. L5321-3)."
)
LANGUE_FRANCAISE = (
    "L'offre semble rédigée dans une langue étrangère : le texte d'une offre d'emploi pour un poste en France "
    "est rédigé en français ; une traduction peut l'accompagner (C. trav. L5331-4)."
)

# The ROME sheets of the jobs where sex may be a determining condition (R1142-1: artists playing a
# female or male role, models): mannequin, dancer, actor, performing artist, stunt performer, cabaret.
ROME_SEXE_DETERMINANT = frozenset({"L1102", "L1201", "L1203", "L1205", "L1207", "L1209"})

# Fields read, with the label shown in a finding.
CHAMPS_TEXTE = (
    ("titre", "Intitulé du poste"),
    ("description", "Description du poste"),
    ("competences", "Compétences attendues"),
    ("langues", "Langues"),
    ("conditions_handicap", "Conditions d'accueil des travailleurs handicapés"),
)


# --- Folding --------------------------------------------------------------------------------------

_APOSTROPHES = "'’‘`´ʼ"
_TIRETS = "‐‑‒–—−"
_SPECIAUX = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
# « candidat(e)s », « employé(e) », « salarié(es) »: the marks of inclusive writing, joined.
_INCLUSIF = re.compile(r"(?<=[a-z])\((e|es|s|ne|nes|le|les|fe|ve|ves|se|euse|rice|trice|ice)\)")


def plier(texte):
    """``(folded text, index)``: ``index[i]`` is the position in ``texte`` of folded character ``i``."""
    sortie, index = [], []
    precedent_espace = True
    for i, car in enumerate(texte or ""):
        bas = car.lower()
        if bas in _APOSTROPHES or bas.isspace() or bas in "·•":
            remplacement = " " if bas not in "·•" else ""
        elif bas in _TIRETS:
            remplacement = "-"
        elif bas in _SPECIAUX:
            remplacement = _SPECIAUX[bas]
        else:
            remplacement = "".join(c for c in unicodedata.normalize("NFKD", bas) if not unicodedata.combining(c))
        for c in remplacement:
            if c == " ":
                if precedent_espace:
                    continue
                precedent_espace = True
            else:
                precedent_espace = False
            sortie.append(c)
            index.append(i)
    plie = "".join(sortie)
    # Drop the parentheses of inclusive writing, keeping the letters: « marie(e) » → « mariee ».
    a_retirer = set()
    for m in _INCLUSIF.finditer(plie):
        a_retirer.update((m.start(), m.end() - 1))
    if a_retirer:
        garder = [k for k in range(len(plie)) if k not in a_retirer]
        plie = "".join(plie[k] for k in garder)
        index = [index[k] for k in garder]
    return plie, index


# --- Rules ----------------------------------------------------------------------------------------

_ESP = r"[\s\-]+"


def _re(motif):
    """A pattern written with plain spaces: a space matches spaces or hyphens (« start-up », « 25 - 35 »),
    an optional space (`` ?``) none or some."""
    motif = motif.replace(" ?", "\x00").replace(" ", _ESP).replace("\x00", r"[\s\-]*")
    return re.compile(motif)


@dataclass(frozen=True)
class Regle:
    motif: str
    motifs: tuple
    sauf: tuple = ()
    # Keeps a match only if this returns True (given the regex match and the original words).
    garder: object = None
    categorie: str = ""

    @classmethod
    def de(cls, motif, motifs, sauf=(), garder=None, categorie=""):
        return cls(motif, tuple(_re(m) for m in motifs), tuple(_re(s) for s in sauf), garder, categorie)


# Phrases that mention a protected ground to say it does not count: never flagged.
INCLUSIF = tuple(
    _re(m)
    for m in (
        r"\bsans (?:aucune )?(?:distinction|discrimination|consideration|condition|critere|limite)s? "
        r"(?:d|de)\b[^.;!?\n]*",
        r"\bquel(?:le)?s? que soi(?:en)?t\b[^.;!?\n]*",
        r"\b(?:independamment|abstraction faite) (?:de|du|des|d)\b[^.;!?\n]*",
        r"\b(?:egalite|diversite|non discrimination|inclusion|mixite)\b[^.;!?,]*",
        r"\b(?:toutes|tous) les (?:candidatures|profils|candidats)\b[^.;!?,]*",
        r"\bouverte? a (?:toutes|tous)\b[^.;!?,]*",
    )
)

# A public the job serves (not the person sought): « accompagner des jeunes de 16 à 25 ans »,
# « suivi des femmes enceintes », « aide à domicile auprès des seniors ». The cue is followed by
# at least one linking word, then the clause up to the next punctuation (six words at most).
_CONNECTEUR = r"(?:de|des|d|du|les|la|le|l|aux|au|a|avec|en|un|une|pour|leurs?|nos|vos|ses)"
# Wrapped in a lookahead so that every cue starts a match, even inside another one's clause
# (« soins d'hygiène et de confort auprès des résidents… »).
PUBLIC_SERVI = _re(
    r"(?=(\b(?:aupres|accompagn\w*|accueil\w*|anim(?:er|ons|ez|ation)\w*|educat\w*|eduqu\w*|enseign\w*|"
    r"soin\w*|soign\w*|garde|gardes|garder|soutien|soutenir|suivi|suivre|suivons|prise en charge|prendre en charge|"
    r"s occuper|intervenir|intervention|interventions|services?|clientele|publics?|consultations?|"
    r"ehpad|creches?|structures? d accueil)"
    rf"(?: {_CONNECTEUR})+(?: [\w+/-]+){{1,6}}))"
)

_NUMERO = r"(?P<n>\d{2})"


def _age_plausible(m, extrait):
    """Two-digit figures of an age (15 to 80), not the legal thresholds 16 and 18 when alone."""
    nombres = [int(v) for k, v in m.groupdict().items() if v and k in ("n", "a", "b")]
    if not nombres or not all(15 <= n <= 80 for n in nombres):
        return False
    return not (m.groupdict().get("n") and len(nombres) == 1 and nombres[0] in (16, 18))


def _a_un_age(m):
    return any(m.groupdict().get(k) for k in ("n", "a", "b"))


def _avec_accent(mot):
    """Keeps a match only if the original words carry the accent (« marié », not the name « Marie »)."""
    return lambda m, extrait: mot in extrait.lower()


# « ans » not followed by what makes it a duration of experience, of a contract, of a company.
_PAS_DUREE = (
    r"(?! (?:d|de) (?:experience|exp|anciennete|pratique|metier|activite|existence|histoire|expertise|carriere|"
    r"savoir-faire|savoir faire|presence|contrat|mission|formation|etudes)\b)"
    r"(?! (?:minimum |au moins |environ )?(?:d|de) (?:experience|exp|anciennete|pratique)\b)"
    r"(?! (?:dans|en tant|au sein|sur un poste|sur le poste|a un poste|a un poste similaire|similaire|en poste|"
    r"en entreprise|dans le metier|dans la fonction|dans le domaine|post|apres)\b)"
)
# A company's or an experience's age, a contract's length: not about the person sought.
_DUREE_NON_PERSONNELLE = (
    r"\b(?:depuis|il y a|existe|existons|fondee?s?|creee?s?|fondee? il y a|creee? il y a|experience|experiences|"
    r"anciennete|expertise|savoir-faire|histoire|contrat|mission|duree|pendant|durant|periode|garantie|"
    r"bail)(?: (?:de|d|des|du|plus|pres|environ|depuis|a|en|sur|la|le|les|notre|votre|"
    r"moins|au moins|minimum))* \d{1,3} ans\b",
    r"\b(?:entreprise|societe|maison|groupe|cabinet|structure|enseigne|marque|agence|etablissement|commerce|"
    r"boutique|restaurant|ferme|exploitation|atelier|association)(?: (?:familiale|artisanale|locale|"
    r"independante|francaise|reconnue|creee|fondee|existante|presente|implantee))? (?:de|d) (?:plus de |pres de |"
    r"environ )?\d{2,3} ans\b",
    r"\b\d{1,3} ans d (?:existence|histoire|experience|expertise|anciennete|activite|savoir-faire)\b",
    # Ages of a public served (crèche, school, care): « enfants de moins de 12 ans ».
    r"\b(?:enfants?|bebes?|eleves?|adolescents?|mineurs?|patients?|residents?|beneficiaires?|public|publics|"
    r"personnes agees|seniors|jeunes enfants)(?: ages?| agees?)?(?: de| d| entre| moins de| plus de| a partir de)+ "
    r"\d{1,2}(?: (?:a|et|-) \d{1,2})? (?:mois|ans)\b",
)


REGLES = (
    # --- Age ---------------------------------------------------------------------------------------
    Regle.de(JEUNE_DIPLOME, [r"\bjeunes? diplomee?s?\b"], categorie="age"),
    Regle.de(
        AGE,
        [r"\bjeunes?\b"],
        sauf=[
            r"\bjeunes? diplomee?s?\b",
            r"\bjeunes? (?:entreprises?|societes?|start up|start ups|startups?|pousses?|structures?|marques?|"
            r"agences?|boutiques?|associations?|publics?|enfants?|plants?|arbres?|animaux|chevaux|chiots?|vignes?|"
            r"agriculteurs?|conducteurs? \(permis probatoire\)|permis)\b",
            r"\b(?:publics?|clientele|clients|public) jeunes?\b",
            r"\b(?:mission locale|missions locales|maison des jeunes|foyer de jeunes travailleurs|"
            r"auberge de jeunesse)\b",
            r"\b(?:groupes?|accueil|accompagnement|insertion|emploi|orientation) (?:de |des |d )?jeunes?\b",
            # Welcoming every age: « l'emploi des seniors et des jeunes », « jeunes ou expérimentés ».
            r"\b(?:seniors?|juniors?|debutants?|experimentee?s?) (?:et|ou|comme) (?:des |les |aux )?jeunes?\b",
            r"\bjeunes? (?:et|ou|comme) (?:des |les |aux )?(?:seniors?|moins jeunes|experimentee?s?)\b",
        ],
        categorie="age",
    ),
    Regle.de(
        SENIORITE,
        [r"\bseniors?\b", r"\bjuniors?\b"],
        sauf=[
            r"(?<!non\s)(?<!pas\s)\b(?:accueillons|accueille|accueillir|ouverte?s? aux|accessibles? aux|bienvenue aux|"
            r"bienvenus? aux|y compris (?:aux |les |des )?|favorisons|favoriser|emploi des|recrutement des|"
            r"embauche des|(?:juniors?|debutants?|jeunes) (?:comme|et|ou)) (?:les |des |aux )?seniors?\b",
            r"\bseniors? (?:bienvenue?s?|acceptee?s?|accueillie?s?|egalement|aussi|(?:comme|et|ou) "
            r"(?:juniors?|debutants?|jeunes))\b",
            r"\bjuniors? (?:(?:comme|et|ou) seniors?|entreprises?)\b",
            r"\b(?:residences?|maisons?|clubs?|habitats?|services?|clientele|public|activites?|villages?|foyers?|"
            r"ateliers?|espaces?|universite) (?:pour |aux |des |de |du )?seniors?\b",
        ],
        categorie="age",
    ),
    Regle.de(
        AGE,
        [
            r"\b(?:digital natives?|millennials?|generation (?:y|z|millennials?))\b",
            r"\b(?:limite|tranche|condition)s? d ages?\b",
            r"\bages? (?:minimum|minimal|maximum|maximal|max|min|limite|requis|ideal|souhaite|exige|maxi|mini)\b"
            rf"(?: ?:? ?(?:de |d )?{_NUMERO} ans)?",
            rf"\bages? ?: ?{_NUMERO}\b",
            rf"\bagee?s? (?:de |d )?(?:au moins |au plus |moins de |plus de |minimum |maximum |entre )?"
            rf"(?:{_NUMERO}|(?P<a>\d{{2}}) ?(?:a|-|et) ?(?P<b>\d{{2}})) ans\b",
        ],
        sauf=[r"\b(?:sans|pas de|aucune?|pas|ni) (?:limite|condition|critere)s? d ages?\b"],
        garder=lambda m, extrait: _age_plausible(m, extrait) if _a_un_age(m) else True,
        categorie="age",
    ),
    Regle.de(
        AGE,
        [
            rf"\bentre (?P<a>\d{{2}}) et (?P<b>\d{{2}}) ans\b{_PAS_DUREE}",
            rf"\b(?P<a>\d{{2}}) ?(?:a|-|/|et) ?(?P<b>\d{{2}}) ans\b{_PAS_DUREE}",
            rf"\b(?:moins|plus) de {_NUMERO} ans\b{_PAS_DUREE}",
            rf"\b{_NUMERO} ans (?:maximum|max|minimum|min|au plus|au maximum|au minimum|ou moins|ou plus|et moins|"
            rf"et plus|revolus|maxi|mini)\b",
            rf"\b(?:maximum|max|au plus|jusqu a|pas plus de|au maximum|limite) {_NUMERO} ans\b{_PAS_DUREE}",
            rf"(?:^|\s)(?:-|\+) ?(?:de )?{_NUMERO} ans\b{_PAS_DUREE}",
        ],
        sauf=_DUREE_NON_PERSONNELLE,
        garder=_age_plausible,
        categorie="age",
    ),
    # --- Sex -----------------------------------------------------------------------------------------
    Regle.de(
        SEXE,
        [
            r"\b(?:sexe|genre) (?:masculin|feminin|homme|femme)\b",
            r"\bde sexe\b",
            r"\b(?:profil|physique|candidat|candidate|candidature|personne|poste|personnel) "
            r"(?:exclusivement |uniquement |plutot |de preference |idealement )?(?:masculin|feminin)e?s?\b",
            r"\b(?:recherch\w*|cherch\w*|recrut\w*|embauch\w*|souhait\w*|besoin d|poste pour|reserve\w* (?:aux|a)|"
            r"destine\w* (?:aux|a)|uniquement|seulement|exclusivement|que des|qu a des|de preference|preference|"
            r"idealement|plutot)(?: (?:un|une|des|d|de|les|aux|a|pour|jeunes?))* "
            r"(?:hommes?|femmes?|filles?|garcons?|dames?|messieurs|demoiselles?)\b",
            r"\b(?:hommes?|femmes?|filles?|garcons?|dames?|messieurs|demoiselles?) (?:uniquement|seulement|"
            r"exclusivement|de preference|preferablement|obligatoirement|imperativement|exigee?s?|requise?s?|"
            r"souhaitee?s?|s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\bjeunes? (?:hommes?|femmes?|filles?|garcons?)\b",
            r"\(\s?(?:h|f)\s?\)",
            r"\b[a-z]{2,}(?:euse|rice|ienne|iere|ere|esse)s? (?:uniquement|exclusivement|seulement)\b",
        ],
        sauf=[
            r"\b(?:hommes?|femmes?) (?:ou|et|/) (?:une |un |des |les )?(?:femmes?|hommes?)\b",
            r"\b(?:hommes?|femmes?|filles?|garcons?)(?: \w+){0,3} \(?(?:h ?/ ?f|f ?/ ?h)\)?",
            r"\b(?:femmes?|hommes?) de (?:chambre|menage)s? (?:ou|et|/) (?:un |une )?(?:valets?|hommes?|femmes?) de "
            r"(?:chambre|menage)s?\b",
            r"\b(?:valets?|hommes?) de (?:chambre|menage)s? (?:ou|et|/) (?:une )?femmes? de (?:chambre|menage)s?\b",
            r"\b(?:h ?/ ?f|f ?/ ?h)\b",
            r"\b(?:matiere|maniere|carriere|filiere|premiere|derniere|entiere|lumiere|frontiere|riviere|"
            r"journaliere|reguliere|particuliere|saisonniere|etrangere|atmosphere|adresse|vitesse|jeunesse|promesse|"
            r"presse|sagesse|finesse|caresse|tresse|espece|piece|ere|sphere|premiere|exterieure|interieure|"
            r"superieure|inferieure|semaine|ligne) (?:uniquement|exclusivement|seulement)\b",
            r"\b(?:coiffure|coiffeur|coiffeuse|vetements?|pret a porter|rayon|mode|chaussures?|salon|soins?|"
            r"clientele|cabine|vestiaire|equipe)s? (?:pour |de |d )?"
            r"(?:hommes?|femmes?|dames?|messieurs|filles?|garcons?)\b",
        ],
        categorie="sexe",
    ),
    # --- Origin, nationality, language -----------------------------------------------------------------
    Regle.de(
        ORIGINE,
        [
            r"\bnationalites?\b",
            r"\bfrancaise?s? (?:uniquement|exclusivement|seulement|de souche|d origine|de naissance|natif|native|"
            r"de nationalite)\b",
            r"\b(?:personnes?|candidats?|candidates?|profils?|personnel|salariee?s?|employee?s?|jeunes?|etre|"
            r"hommes?|femmes?|origine)(?: \w+)? (?:d|de) origines? (?:francaise|europeenne|etrangere|maghrebine|"
            r"africaine|asiatique|arabe|\w+)\b",
            r"\borigines? (?:ethniques?|raciales?)\b",
            r"\bde souche\b",
            r"\b(?:type|profil|physique|apparence|candidats?|candidates?|personnes?|ressortissants?|origine|"
            r"nationalite|citoyens?|citoyennete) (?:d |de )?(?:l )?(?:union )?europeen(?:ne)?s?\b",
            r"\beuropeen(?:ne)?s? (?:uniquement|exclusivement|seulement|exigee?s?|obligatoire)\b",
            r"\bde type (?:europeen|caucasien|maghrebin|africain|asiatique|antillais|nord-africain|nord africain|"
            r"mediterraneen|latin|noir|blanc|arabe|oriental|metisse?|slave)\w*\b",
            r"\bcaucasien(?:ne)?s?\b",
            r"\b(?:peau|teint) (?:blanche?|noire?|claire?|mate?|foncee?|basanee?)s?\b",
            r"\bcouleur de (?:peau|la peau)\b",
            r"\b(?:ethnies?|ethniques?|racial|raciale|raciaux)\b",
            r"\brace (?:blanche|noire|jaune|europeenne|arabe)\b",
            r"\b(?:pas d|pas de|aucun|sans) (?:etrangers?|immigres?|migrants?|refugies?)\b",
            r"\b(?:etrangers?|immigres?|migrants?|refugies?) (?:s abstenir|exclus|non acceptes|refuses)\b",
            r"\bnee?s? en france\b",
            r"\b(?:nom|patronyme) (?:a consonance|francais|d origine)\b",
            r"\bconsonances?\b",
        ],
        sauf=[
            r"\b\d+ nationalites\b",
            r"\b(?:produits?|vins?|viandes?|fromages?|cuisine|recettes?|specialites?|matieres?|ingredients?|"
            r"marchandises?) (?:d|de) origine \w+\b",
            r"\b(?:union europeenne|parlement europeen|commission europeenne|fonds europeens?|marche europeen|"
            r"reseau europeen|niveau europeen|echelle europeenne|normes? europeennes?)\b",
            r"\b(?:autorisation|permis|titre) (?:de travail|de sejour)\b",
        ],
        categorie="origine",
    ),
    Regle.de(
        LANGUE,
        [
            r"\blangues? maternelles?\b",
            r"\bnati(?:f|ve|fs|ves)\b",
            r"\bnative speakers?\b",
            r"\bsans accents?\b",
            r"\b(?:pas|aucun) d ?accents?\b",
            r"\baccents? (?:etrangers?|regionaux|regional|du sud|du nord|marques?|prononces?)\b",
        ],
        sauf=[r"\bdigital natives?\b", r"\bfrancaise?s? nati(?:f|ve|fs|ves)\b"],
        categorie="langue",
    ),
    # --- Family, pregnancy ------------------------------------------------------------------------------
    Regle.de(
        FAMILLE,
        [
            r"\bcelibataires?\b",
            r"\b(?:sans|pas d|pas de|aucun|n ayant pas d|n avoir pas d|ni) enfants?\b",
            r"\benfants? (?:a charge|en bas age)\b",
            r"\b(?:meres?|peres?) de famille\b",
            r"\bmariee?s?\b",
            r"\bdivorcee?s?\b",
            r"\b(?:situation (?:familiale|de famille|matrimoniale)|statut (?:marital|matrimonial))\b",
            r"\b(?:sans|pas de|aucune?) (?:contraintes?|obligations?|attaches?|charges?) familiales?\b",
            r"\b(?:vivant|vivre|etre|vit) en couple\b",
        ],
        sauf=[r"\ben bon pere de famille\b", r"\bgarde d enfants?\b"],
        garder=lambda m, extrait: (
            _avec_accent("marié")(m, extrait)
            if m.re.pattern.startswith(r"\bmariee?s?")
            else _avec_accent("divorcé")(m, extrait)
            if m.re.pattern.startswith(r"\bdivorcee?s?")
            else True
        ),
        categorie="famille",
    ),
    Regle.de(
        GROSSESSE,
        [
            r"\b(?:femmes?|etre|etes|soit|soient|non|pas|ni) enceintes?\b",
            r"\benceintes? (?:s abstenir|exclues?|non acceptees?|refusees?)\b",
            r"\b(?:pas de|pas d|sans|aucune?|absence de) (?:grossesses?|maternites?)\b",
            r"\b(?:(?:pas de|pas d|sans|aucun|absence de|desir de|desir d) )?projets? (?:de |d )?"
            r"(?:grossesses?|maternites?|bebes?|enfants?)\b",
        ],
        categorie="grossesse",
    ),
    # --- Health, disability, appearance ---------------------------------------------------------------------
    Regle.de(
        SANTE,
        [
            r"\b(?:bonne|parfaite|excellente) sante\b",
            r"\b(?:aucun|aucune|pas de|pas d|sans|exempte? de) (?:problemes?|soucis?|antecedents?|troubles?|maladies?|"
            r"pathologies?|contre-indications?|contre indications?|restrictions?) (?:de sante|medica\w*|de dos|"
            r"physiques?|cardiaques?|chroniques?|psychiques?)\b",
            r"\b(?:sans|pas de|pas d|aucun|non) handicap\w*\b",
            r"\bhandicap\w* (?:s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\b(?:pas de|pas d|sans|aucun|non) (?:rqth|travailleurs? handicapes?|personnes? handicapees?)\b",
            r"\b(?:personnes?|candidats?|candidates?|etre|physiquement|profils?|salariee?s?|travailleurs?|hommes?|"
            r"femmes?) valides?\b",
            r"\bvalides? (?:uniquement|exclusivement|seulement)\b",
            r"\ben pleine possession de (?:ses|vos|leurs) (?:moyens|capacites) physiques\b",
            r"\b(?:diabetiques?|epileptiques?|seropositi\w+|asthmatiques?|dyslexiques?|obeses?) "
            r"(?:s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\b(?:certificat|dossier|questionnaire|bilan) medical "
            r"(?:exige|a fournir|obligatoire|demande|requis|a joindre)\b",
            r"\b(?:fournir|joindre) (?:un |votre )?(?:certificat|dossier) medical\b",
        ],
        sauf=[
            r"\bvalides? (?:et|ou|comme) (?:les |des )?(?:personnes |travailleurs |salaries )?"
            r"(?:handicapee?s?|en situation de handicap)\b",
            r"\b(?:handicapee?s?|en situation de handicap) (?:et|ou|comme) (?:les |des )?"
            r"(?:personnes |travailleurs |salaries )?valides\b",
        ],
        categorie="sante",
    ),
    Regle.de(
        APPARENCE,
        [
            r"\b(?:belle|bonne|jolie|agreable) (?:apparence|allure|physionomie|silhouette)\b",
            r"\bphysique (?:agreable|avantageux|attrayant|attirant|plaisant|irreprochable|sportif|avenant)\b",
            r"\b(?:bon|beau|joli|agreable) physique\b",
            r"\bapparence physique\b",
            r"\bjolies? (?:filles?|femmes?|jeunes?|personnes?|hotesses?|vendeuses?|serveuses?)\b",
            r"\bbel homme\b",
            r"\bmensurations?\b",
            r"\btaille (?:minimum|minimale|maximum|maximale|mini|min|max|superieure a|inferieure a|d au moins)\b",
            r"\b(?:mince|minceur|forte corpulence|corpulence|surpoids)\b",
            r"\b(?:cv|candidature) (?:avec|et) photos?\b",
            r"\bphotos? (?:obligatoires?|exigee?s?|requise?s?|indispensables?|imperatives?|souhaitee?s?|"
            r"d identite|en pied)\b",
            r"\bjoindre (?:une |votre |la )?photos?\b",
            r"\b(?:cv|candidature|lettre de motivation)(?: \w+){0,2} (?:et|avec|\+) (?:une |votre )?photos?\b",
            r"\b(?:pas de|sans|aucun) (?:tatouages?|piercings?)(?: visibles?)?\b",
            r"\b(?:tatouages?|piercings?)(?: visibles?)? "
            r"(?:interdits?|non acceptes?|proscrits?|refuses?|exclus|s abstenir)\b",
            r"\b(?:sans barbe|barbe (?:interdite|proscrite|non acceptee)|rasee? de pres|rasee? de frais)\b",
        ],
        categorie="apparence",
    ),
    # --- Religion, opinions, sexual orientation -----------------------------------------------------------
    Regle.de(
        RELIGION,
        [
            r"\b(?:religions?|confessions? (?:religieuses?|musulmanes?|chretiennes?|catholiques?|juives?)|"
            r"croyances? religieuses?|convictions? religieuses?)\b",
            r"\bde confession(?: \w+)?\b",
            r"\b(?:musulman|chretien|catholique|protestant|juif|juive|athee|bouddhiste|hindou|evangelique|orthodoxe)"
            r"(?:e|ne|s|es|nes)? (?:pratiquante?s?|uniquement|exclusivement|de preference|exigee?s?|souhaitee?s?|"
            r"s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\b(?:non|pas|etre|personnes?|candidats?|candidates?|profils?) "
            r"(?:musulman|chretien|catholique|juif|juive|athee)\w*\b",
            r"\b(?:signes?|symboles?|tenues?) (?:religieu\w+|ostentatoires?|confessionnel\w*)\b",
            r"\b(?:voile|foulard|hijab|kippa|turban)s? "
            r"(?:interdite?s?|islamiques?|non acceptee?s?|proscrite?s?|refusee?s?)\b",
            r"\b(?:pas de|sans|aucun) (?:voile|foulard|hijab|kippa|turban)s?\b",
            r"\b(?:femmes? )?voilees?\b",
            r"\bneutralite (?:religieuse|politique|philosophique|confessionnelle)\b",
        ],
        categorie="religion",
    ),
    Regle.de(
        OPINIONS,
        [
            r"\b(?:non|pas de|pas d|sans|aucune?|pas) (?:syndiquee?s?|syndicalistes?|appartenance syndicale|"
            r"engagement syndical|activites? syndicales?|mandats? syndica\w*|adhesion syndicale|militante?s?|"
            r"militantisme)\b",
            r"\b(?:syndicalistes?|syndiquee?s?|militante?s?) (?:s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\bappartenance (?:syndicale|politique)\b",
            r"\b(?:opinions?|convictions?|sensibilites?) politiques?\b",
            r"\b(?:non|pas|etre|personnes?|candidats?|candidates?) encartee?s?\b",
            r"\b(?:sans|pas de|aucun) mandats? (?:electifs?|electoraux|politiques?)\b",
        ],
        categorie="opinions",
    ),
    Regle.de(
        ORIENTATION,
        [
            r"\b(?:orientation sexuelle|identite de genre|heterosexuel\w*|homosexuel\w*|bisexuel\w*|transgenres?|"
            r"transsexuel\w*|lesbiennes?)\b",
            r"\b(?:bonnes|mauvaises) moeurs\b",
            r"\bmoeurs\b",
            r"\bgays?\b",
        ],
        sauf=[r"\b(?:lgbt\w*|gay) ?\+? friendly\b", r"\bgays? (?:et |ou )?lesbiennes? bienvenue?s?\b"],
        categorie="orientation",
    ),
    # --- Place of residence ------------------------------------------------------------------------------
    Regle.de(
        RESIDENCE,
        [
            r"\b(?:habiter|habitant|habitante|habitants|habitantes|resider|residant|residante|residants|residantes|"
            r"residence|domicilie|domiciliee|domicilies|domiciliees|vivre|vivant)(?: \w+)? (?:obligatoirement|"
            r"imperativement|exclusivement|uniquement|necessairement|exigee?s?|requise?s?|obligatoire)\b",
            r"\b(?:habiter|resider|residant\w*|habitant\w*|domicilie\w*|vivre|vivant) (?:a|dans un rayon de) "
            r"(?:moins de )?\d+ ?(?:km|kilometres?|minutes?|mn|min)\b",
            r"\b(?:habiter|resider|residant\w*|habitant\w*|domicilie\w*|vivre|vivant) a moins de \d+\b",
            r"\b(?:candidats?|candidates?|personnes?|profils?|habitants?) (?:locaux|locales?|du secteur|de la commune|"
            r"du quartier|de la region|du departement|de proximite) (?:uniquement|exclusivement|seulement|"
            r"obligatoirement|exigee?s?)\b",
            r"\b(?:banlieues?|banlieusards?|cites?|quartiers?(?: sensibles?| prioritaires?| difficiles?)?|"
            r"zup|zus|qpv) "
            r"(?:s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\b(?:pas de|hors|sauf|aucun) (?:candidats? )?(?:des |de (?:la )?|du )?(?:banlieues?|banlieusards?|cites|"
            r"quartiers (?:sensibles|prioritaires|difficiles)|zup|zus|qpv)\b",
            r"\bdomiciliation bancaire\b",
        ],
        categorie="residence",
    ),
    # --- Economic situation -------------------------------------------------------------------------------
    Regle.de(
        SITUATION_ECONOMIQUE,
        [
            r"\b(?:pas de|sans|aucun|hors|non) (?:chomeurs?|demandeurs? d emploi|beneficiaires? (?:du|des) "
            r"(?:rsa|minima sociaux)|rmistes?|allocataires?|personnes? (?:au chomage|en difficulte|precaires?))\b",
            r"\b(?:chomeurs?|demandeurs? d emploi|beneficiaires? du rsa|rmistes?|allocataires?|personnes? au chomage)"
            r"(?: de longue duree)? (?:s abstenir|exclue?s?|non acceptee?s?|refusee?s?)\b",
            r"\b(?:deja en poste|actuellement en poste|en poste actuellement|en activite) (?:uniquement|exclusivement|"
            r"exige|obligatoire|imperatif)\b",
            r"\b(?:surendettee?s?|interdits? bancaires?|fichee?s? (?:a la )?banque de france|fichage ficp)\b",
        ],
        categorie="situation_economique",
    ),
    # --- Undeclared or unpaid work, fees --------------------------------------------------------------------
    Regle.de(
        TRAVAIL_DISSIMULE,
        [
            r"\b(?:travail|emploi|poste|heures?|missions?|payee?s?|paie|remuneree?s?|embauche)(?: \w+)? "
            r"(?:au noir|non declaree?s?)\b",
            r"\bau black\b",
            r"\bsans (?:fiche|bulletin) de (?:paie|salaire)\b",
            r"\bsans contrat de travail\b",
            r"\b(?:periodes?|journees?|jours?|semaines?|heures?) d essai "
            r"(?:non (?:remuneree?s?|payee?s?|retribuee?s?)|gratuite?s?|benevoles?)\b",
            r"\b(?:essai|travail|mise a l essai) (?:non (?:remunere|paye|retribue)|gratuit)e?s?\b",
            r"\bsans papiers? acceptes?\b",
        ],
        sauf=[
            r"\b(?:lutte|lutter|controle\w*|detect\w*|prevention|prevenir|sanctionner|repression|verifi\w*) "
            r"(?:\w+ ){0,3}(?:travail|emploi|heures?)s? (?:au noir|dissimule|illegal|non declaree?s?)\b",
            r"\b(?:seances?|cours|lecons?) d essai gratuite?s?\b",
        ],
        categorie="travail_dissimule",
    ),
    Regle.de(
        FRAIS,
        [
            r"\b(?:frais|droits?) (?:d inscription|de dossier|de candidature|de formation a (?:votre|la|ta) charge|"
            r"de formation a payer)\b",
            r"\bcaution (?:de \d+|a verser|demandee|exigee|obligatoire)\b",
            r"\b(?:participation financiere|kit de demarrage|achat (?:de|du) (?:kit|stock|materiel)) "
            r"(?:obligatoire|a (?:votre|ta) charge|demandee?|exigee?|a prevoir)\b",
            r"\b(?:payer|paiement|verser|regler) "
            r"(?:pour postuler|pour candidater|(?:des |les )?frais d inscription)\b",
        ],
        sauf=[
            r"\b(?:gestion|gerer|encaiss\w*|suivi|facturation|recouvrement|saisie|traitement|perception) "
            r"(?:\w+ ){0,2}(?:des |les |de )?(?:frais|droits|cautions?)\b",
        ],
        categorie="frais",
    ),
)

# Function words: an offer with more English than French ones is in English (L5331-4).
_MOTS_ANGLAIS = frozenset(
    ("the", "and", "you", "your", "we", "our", "with", "are", "will", "is", "be", "this", "that", "from")
    + ("have", "has", "of", "to", "for", "an", "who", "what")
)
_MOTS_FRANCAIS = frozenset(
    ("le", "la", "les", "des", "et", "vous", "nous", "est", "une", "un", "du", "pour", "avec", "dans", "sur")
    + ("au", "aux", "de", "en", "que", "qui", "son", "sa", "ses", "votre", "notre")
)
SEUIL_MOTS_ANGLAIS = 8


@dataclass
class _Texte:
    original: str
    plie: str
    index: list = field(default_factory=list)

    def extrait(self, debut, fin):
        """The original words of folded span ``[debut, fin)``, with the closing parenthesis of
        an inclusive form the folding dropped (« marié(e) »)."""
        if debut >= fin:
            return ""
        fin_originale = self.index[fin - 1] + 1
        mots = self.original[self.index[debut] : fin_originale]
        if mots.count("(") > mots.count(")") and self.original[fin_originale : fin_originale + 1] == ")":
            mots += ")"
        return mots


def _intervalles(motifs, texte):
    """Spans matched; a pattern that captures (a lookahead) gives the span of its group."""
    return [
        m.span(1) if motif.groups and m.group(1) is not None and m.start() == m.end() else m.span()
        for motif in motifs
        for m in motif.finditer(texte)
    ]


def _couvert(debut, fin, intervalles):
    """The match overlaps an exception."""
    return any(d < fin and debut < f for d, f in intervalles)


# Words that exclude: a match holding one is never excused by the general exceptions (a served
# public, an inclusive sentence) — « nous accueillons des hommes uniquement » stays flagged.
_EXCLUSION = _re(r"\b(?:uniquement|exclusivement|seulement|s abstenir|exclue?s?|refusee?s?|non acceptee?s?)\b")


def verifier_texte(texte, *, champ="", code_rome=""):
    """Findings of the wording rules in one text, in the order of the text."""
    plie, index = plier(texte)
    if not plie:
        return []
    t = _Texte(texte, plie, index)
    communs = _intervalles(INCLUSIF, plie) + _intervalles((PUBLIC_SERVI,), plie)
    candidats = []
    for regle in REGLES:
        if regle.categorie == "sexe" and code_rome in ROME_SEXE_DETERMINANT:
            continue
        propres = _intervalles(regle.sauf, plie)
        for motif in regle.motifs:
            for m in motif.finditer(plie):
                debut, fin = m.start(), m.end()
                # A leading space captured by « (?:^|\s) » is not part of the words found.
                while debut < fin and plie[debut] == " ":
                    debut += 1
                if _couvert(debut, fin, propres):
                    continue
                if _couvert(debut, fin, communs) and not _EXCLUSION.search(plie, debut, fin):
                    continue
                extrait = t.extrait(debut, fin).strip()
                if regle.garder is not None and not regle.garder(m, extrait):
                    continue
                candidats.append((debut, fin, regle.motif))
    # Several patterns of one reason may catch overlapping words (« CV avec photo » and « photo
    # obligatoire »): they are reported once, as the words from the first to the last.
    par_motif = {}
    for debut, fin, motif in sorted(candidats, key=lambda x: x[0]):
        spans = par_motif.setdefault(motif, [])
        if spans and debut < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], fin)
        else:
            spans.append([debut, fin])
    constats = [
        (debut, {"motif": motif, "extrait": t.extrait(debut, fin).strip(), "champ": champ})
        for motif, spans in par_motif.items()
        for debut, fin in spans
    ]
    return [constat for _, constat in sorted(constats, key=lambda x: x[0])]


def _langue_etrangere(textes):
    mots = re.findall(r"[a-z]+", " ".join(plier(t)[0] for t in textes if t))
    anglais = [m for m in mots if m in _MOTS_ANGLAIS]
    francais = sum(1 for m in mots if m in _MOTS_FRANCAIS)
    if len(anglais) >= SEUIL_MOTS_ANGLAIS and len(anglais) > francais:
        return [
            {"motif": LANGUE_FRANCAISE, "extrait": ", ".join(dict.fromkeys(anglais)), "champ": "Description du poste"}
        ]
    return []


# --- Salary -----------------------------------------------------------------------------------------------

SALAIRE = (
    "Salaire inférieur au SMIC : pour {heures} h par semaine, le minimum est de {minimum} € bruts par mois "
    "(SMIC horaire brut de {smic} € en vigueur le {date}, C. trav. L3231-2)."
)
SALAIRE_ALTERNANCE = (
    "Salaire inférieur au SMIC pour un contrat en alternance ({minimum} € bruts par mois pour {heures} h) : "
    "c'est possible selon l'âge et l'année de formation (apprentissage, C. trav. D6222-26 ; professionnalisation, "
    "D6325-15) ; le conseiller vérifie le minimum qui s'applique."
)
SALAIRE_INDEPENDANT = (
    "Rémunération inférieure à l'équivalent du SMIC ({minimum} € bruts par mois pour {heures} h) pour une mission "
    "en indépendant : le conseiller vérifie qu'il ne s'agit pas d'un emploi salarié déguisé (C. trav. L8221-6)."
)
SEMAINES_PAR_MOIS = Decimal(52) / Decimal(12)


_ESPACE_FINE = "\u202f"


def _euros(montant):
    """« 1 801,80 »: French thousands separator and decimal comma."""
    entier, _, decimales = f"{montant:,.2f}".partition(".")
    return entier.replace(",", _ESPACE_FINE) + "," + decimales


def verifier_salaire(*, salaire_min, heures_hebdo, type_contrat, le=None, departement=None):
    """The salary finding, if any. Compared without rounding: ``salaire × 12 < SMIC × heures × 52``."""
    if salaire_min is None or not heures_hebdo:
        return []
    le = le or timezone.localdate()
    smic = valeur("entreprises.smic_horaire_brut", le=le, departement=departement or None)
    if Decimal(salaire_min) * 12 >= smic * Decimal(heures_hebdo) * 52:
        return []
    minimum = (smic * Decimal(heures_hebdo) * SEMAINES_PAR_MOIS).quantize(Decimal("0.01"))
    heures = decimal_fr(heures_hebdo)
    if type_contrat == TypeContrat.ALTERNANCE:
        gabarit = SALAIRE_ALTERNANCE
    elif type_contrat == TypeContrat.INDEPENDANT:
        gabarit = SALAIRE_INDEPENDANT
    else:
        gabarit = SALAIRE
    motif = gabarit.format(heures=heures, minimum=_euros(minimum), smic=_euros(smic), date=f"{le:%d/%m/%Y}")
    return [
        {"motif": motif, "extrait": f"{_euros(Decimal(salaire_min))} € bruts par mois", "champ": "Salaire minimum"}
    ]


# --- The whole offer ------------------------------------------------------------------------------------------


def verifier(offre, *, le=None):
    """Every finding on ``offre`` (a saved or unsaved ``Offre``): wording field by field, then the salary.

    The SMIC is the one in force when the job starts (today if the start date is past)."""
    aujourdhui = timezone.localdate()
    code_rome = offre.fiche_rome_id or ""
    constats = []
    for nom, libelle in CHAMPS_TEXTE:
        valeur_champ = getattr(offre, nom)
        textes = valeur_champ if isinstance(valeur_champ, (list, tuple)) else [valeur_champ]
        for texte in textes:
            constats += verifier_texte(texte or "", champ=libelle, code_rome=code_rome)
    constats += _langue_etrangere([offre.titre, offre.description])
    if le is None:
        le = max(aujourdhui, offre.date_debut) if offre.date_debut else aujourdhui
    constats += verifier_salaire(
        salaire_min=offre.salaire_min,
        heures_hebdo=offre.heures_hebdo,
        type_contrat=offre.type_contrat,
        le=le,
        # The commune's département, not the stored column: an edit of the place is not saved yet.
        departement=offre.commune.departement_id if offre.commune_id else (offre.departement or None),
    )
    # The same words flagged twice for the same reason (title and description) are listed once per field.
    vus, uniques = set(), []
    for c in constats:
        cle = (c["motif"], plier(c["extrait"])[0], c["champ"])
        if cle not in vus:
            vus.add(cle)
            uniques.append(c)
    return uniques
