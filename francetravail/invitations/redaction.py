"""A département's staff words its invitations, relances and letters (``acces.peut_rediger_formulations``):
check a text, preview it over sample values, save it as a new dated row, go back to the national text.

The wording's own actions live here, beside its rules (the invitations' ``actions.py`` sends them). A
wording is a Django template, but a narrow one: only ``{{ variable }}`` of ``formulations.VARIABLES`` (no
filter, no attribute) and ``{% if %}``/``{% elif %}``/``{% else %}``/``{% endif %}`` — never ``include``,
``load`` or ``debug``, which would read templates or the context beyond the wording's few values.
"""

import datetime
import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import TemplateDoesNotExist, select_template
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.invitations import formulations
from francetravail.invitations.acces import exiger_rediger_formulations
from francetravail.invitations.enums import CleFormulation
from francetravail.invitations.models import Formulation

LONGUEUR_MAX = 3000
BALISES_PERMISES = {"if", "elif", "else", "endif"}
MOTS_DES_CONDITIONS = {"and", "or", "not", "in", "is", "None", "True", "False"}
# The link is how the person books (e-mail, SMS); the code is the letter's identity check.
COURRIERS = (CleFormulation.INVITATION_COURRIER, CleFormulation.RELANCE_COURRIER)
SMS = (CleFormulation.INVITATION_SMS, CleFormulation.RELANCE_SMS)

_VARIABLE = re.compile(r"{{(.*?)}}", re.S)
_BALISE = re.compile(r"{%(.*?)%}", re.S)
_MOT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def canal(cle):
    return "courrier" if cle in COURRIERS else "sms" if cle in SMS else "email"


def variable_requise(cle):
    return "code" if canal(cle) == "courrier" else "lien"


def _erreur_de_syntaxe(exc):
    message = str(exc)
    if "Unclosed tag" in message:
        return "une balise {% if %} n'est pas fermée par {% endif %}"
    if "Invalid block tag" in message:
        return "une balise {% … %} est inconnue ou mal placée (seules if, elif, else et endif sont permises)"
    if "Could not parse" in message or "Empty variable" in message:
        return "une variable {{ … }} est mal écrite"
    return "les accolades {{ }} ou {% %} sont mal fermées"


def verifier(cle, texte):
    """The errors of ``texte`` as the wording of ``cle``, in French ([]: valid)."""
    texte = texte or ""
    if not texte.strip():
        return ["Le texte est vide : écrivez-le, ou revenez au texte national."]
    if len(texte) > LONGUEUR_MAX:
        return [f"Le texte dépasse {LONGUEUR_MAX} caractères ({len(texte)})."]
    erreurs = []
    try:
        Template(texte)
    except TemplateSyntaxError as exc:
        return [f"Le texte n'est pas valide : {_erreur_de_syntaxe(exc)}."]
    inconnues = set()
    for contenu in _VARIABLE.findall(texte):
        contenu = contenu.strip()
        if not re.fullmatch(r"[a-z_]+", contenu):
            erreurs.append(f"« {{{{ {contenu} }}}} » : écrivez une variable seule, sans filtre ni point.")
        elif contenu not in formulations.VARIABLES:
            inconnues.add(contenu)
    for contenu in _BALISE.findall(texte):
        mots = contenu.split()
        if not mots or mots[0] not in BALISES_PERMISES:
            erreurs.append(
                f"« {{% {contenu.strip()} %}} » : seules les balises if, elif, else et endif sont permises."
            )
            continue
        for mot in _MOT.findall(" ".join(mots[1:])):
            if mot not in MOTS_DES_CONDITIONS and mot not in formulations.VARIABLES:
                inconnues.add(mot)
    if inconnues:
        erreurs.append(
            "Variable inconnue : "
            + ", ".join(sorted(inconnues))
            + ". Variables possibles : "
            + ", ".join(formulations.VARIABLES)
            + "."
        )
    requise = variable_requise(cle)
    if not re.search(r"{{\s*" + requise + r"\s*}}", texte):
        if requise == "code":
            erreurs.append("Un courrier doit donner le code à saisir : ajoutez {{ code }}.")
        else:
            erreurs.append("Le texte doit contenir le lien de prise de rendez-vous : ajoutez {{ lien }}.")
    return erreurs


def exemple(departement=None):
    """Sample values for the preview (no person's data)."""
    jour = timezone.localdate()
    return {
        "prenom": "Camille",
        "motif": "entretien d'orientation",
        "organisation": f"Département {departement.nom}" if departement else "France Travail",
        "lien": "https://rdv.exemple.gouv.fr/rdv/AbCdEf123456/",
        "code": "K7P2X9QM",
        "limite": date_format(jour + datetime.timedelta(days=15), "j F Y"),
        "expire_le": date_format(jour + datetime.timedelta(days=10), "j F Y"),
        "telephone_organisation": "03 20 00 00 00",
    }


# The legal mentions each channel adds after the wording (the sending's templates); the preview shows
# the sending's own when present, else this app's copy of them.
MENTIONS = {
    "email": ("notifications/invitations/_mentions.txt", "invitations/formulations/mentions/email.txt"),
    "sms": ("notifications/invitations/_mentions_sms.txt", "invitations/formulations/mentions/sms.txt"),
    "courrier": ("invitations/courriers/_mentions.txt", "invitations/formulations/mentions/courrier.txt"),
}


def mentions(cle, site):
    try:
        gabarit = select_template(MENTIONS[canal(cle)])
    except TemplateDoesNotExist:
        return ""
    return gabarit.render(site).strip()


# GSM 03.38: the basic set (1 unit) and its extension (2 units); any other character sends the SMS in UCS-2.
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_ETENDU = set("^{}\\[~]|€\f")


def segments_sms(texte):
    """(characters, segments, encoding) of an SMS: 160/153 GSM-7 units, or 70/67 UCS-2 characters."""
    if all(c in _GSM or c in _GSM_ETENDU for c in texte):
        unites = sum(2 if c in _GSM_ETENDU else 1 for c in texte)
        return unites, 1 if unites <= 160 else math.ceil(unites / 153), "GSM"
    unites = len(texte)
    return unites, 1 if unites <= 70 else math.ceil(unites / 67), "Unicode (accents hors alphabet GSM)"


def apercu(cle, texte, *, departement=None, site=None):
    """The preview of ``texte``: {texte, mentions, erreurs, sms: (length, segments, encoding) or None}."""
    site = site or {"site_url": settings.SITE_URL, "site_name": getattr(settings, "SITE_NAME", "")}
    erreurs = verifier(cle, texte)
    rendu = ""
    if not any("n'est pas valide" in e for e in erreurs) and (texte or "").strip():
        rendu = Template(texte).render(Context(exemple(departement), autoescape=False)).strip()
    mention = mentions(cle, site)
    sms = None
    if canal(cle) == "sms":
        sms = segments_sms(f"{rendu} {mention}".strip())
    return {"texte": rendu, "mentions": mention, "erreurs": erreurs, "sms": sms}


def texte_courant(cle, departement_id):
    formulation = formulations.en_vigueur(cle, departement_id)
    return formulation.texte if formulation is not None else formulations.texte_national(cle)


def historique(departement_id, cle=None):
    qs = Formulation.objects.filter(departement_id=departement_id).select_related("created_by")
    if cle is not None:
        qs = qs.filter(cle=cle)
    return qs.order_by("-valide_du", "-pk")


@transaction.atomic
def rediger(departement, cle, texte, *, acting_user):
    """Puts ``texte`` in force for ``departement``'s ``cle`` from now: a new dated row (never an edit)."""
    exiger_rediger_formulations(acting_user, departement)
    if cle not in CleFormulation.values:
        raise ValidationError("Ce texte n'existe pas.")
    texte = (texte or "").replace("\r\n", "\n").strip()
    erreurs = verifier(cle, texte)
    if erreurs:
        raise ValidationError({"texte": erreurs})
    if texte == texte_courant(cle, departement.pk).strip():
        raise ValidationError({"texte": "Ce texte est déjà celui en vigueur : rien n'a changé."})
    formulation = Formulation.objects.create(departement=departement, cle=cle, texte=texte, created_by=acting_user)
    enregistrer_evenement(
        TypeEvenement.FORMULATION_REDIGEE,
        acting_user=acting_user,
        departement=departement.pk,
        cle=cle,
        formulation_id=formulation.pk,
    )
    return formulation


@transaction.atomic
def revenir_au_national(departement, cle, *, acting_user):
    """The national text applies again from now: a dated row with an empty text (``formulations.en_vigueur``)."""
    exiger_rediger_formulations(acting_user, departement)
    if cle not in CleFormulation.values:
        raise ValidationError("Ce texte n'existe pas.")
    if formulations.en_vigueur(cle, departement.pk) is None:
        raise ValidationError("Le texte national s'applique déjà.")
    formulation = Formulation.objects.create(departement=departement, cle=cle, texte="", created_by=acting_user)
    enregistrer_evenement(
        TypeEvenement.FORMULATION_NATIONALE,
        acting_user=acting_user,
        departement=departement.pk,
        cle=cle,
        formulation_id=formulation.pk,
    )
    return formulation
