"""The back-office forms of API clients: they check the form only; the actions decide (role, scopes)."""

from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.partenaires.portees import PORTEES, PORTEES_EMPLOYEUR, ROLES_CLIENT
from francetravail.reseau.attribution import roles_attribuables
from francetravail.reseau.enums import Role

AIDE_PORTEES = (
    "Une portée ne fait que restreindre : le logiciel n’a jamais plus de droits que le rôle choisi sur les pages. "
    "Certaines portées ne peuvent être données qu’à certains rôles (par exemple les parties confidentielles "
    "du diagnostic, aux seuls rôles qui les lisent sur le site)."
)


def choix_portees(codes):
    return [(code, f"{PORTEES[code]} ({code})") for code in codes]


# Every scope an organisation's client may be given by some role (the employers' own write scope aside).
PORTEES_ORGANISATION = [code for code in PORTEES if code != "offres:write"]


class PorteesForm(DsfrBaseForm):
    portees = forms.MultipleChoiceField(
        label="Portées",
        help_text=AIDE_PORTEES,
        choices=choix_portees(PORTEES_ORGANISATION),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une portée."},
    )


class NouveauClientForm(PorteesForm):
    nom = forms.CharField(
        label="Nom du logiciel",
        max_length=150,
        help_text="Tel que vos équipes le connaissent (par exemple « Logiciel RSA du département »). "
        "Il apparaît dans le journal des accès des personnes.",
    )
    role = forms.ChoiceField(
        label="Rôle des appels",
        help_text="Le logiciel agit avec les droits de ce rôle dans votre organisation, comme un professionnel.",
    )
    field_order = ["nom", "role", "portees"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        permis = roles_attribuables(organisation.type_organisation)
        # Any other role (a tampered form) is refused here, and again by the action.
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in ROLES_CLIENT and r in permis]


class PorteesEmployeurForm(DsfrBaseForm):
    portees = forms.MultipleChoiceField(
        label="Portées",
        choices=choix_portees(PORTEES_EMPLOYEUR),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une portée."},
    )


class NouveauClientEmployeurForm(PorteesEmployeurForm):
    nom = forms.CharField(
        label="Nom du logiciel de recrutement", max_length=150, help_text="Par exemple le nom de votre ATS."
    )
    field_order = ["nom", "portees"]
