"""Forms of the sanction screens. They parse; ``sanctions.actions`` decides and its refusals land at the field."""

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from francetravail.documents.enums import NatureDocument
from francetravail.documents.forms import ChampDocument
from sanctions.enums import Mesure, Public, SourceManquement, StatutProcedure, StatutRecours, TypeManquement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTE = forms.Textarea(attrs={"rows": 4})
NOTE_INTERNE = {
    "label": "Note interne",
    "required": False,
    "widget": forms.Textarea(attrs={"rows": 2}),
    "help_text": "Visible des seuls professionnels : la personne ne la lit jamais.",
}

# Which field an action's refusal is about, by the words of its message (bareme.verifier_decision, actions).
MOTS_PAR_CHAMP = (
    ("représentant légal", "representant_legal"),
    ("radiation", "radiation_mois"),
    ("taux", "taux"),
    ("durée", "duree_mois"),
    ("mesure", "mesure"),
    ("suppression du rsa", "mesure"),
    ("avertissement fixe le délai", "fin"),
    ("prend pas effet", "debut"),
    ("a pris fin", "demandee_le"),
    ("a pris fin", "recues_le"),
    ("de la demande", "demandee_le"),
    ("audition prévue", "prevue_le"),
    ("convoquée", "motif"),
    ("motif de la correction", "motif"),
    ("personnes au foyer", "nb_personnes"),
    ("motiv", "motivation"),
    ("date des faits", "date_faits"),
    ("les faits", "faits"),
)


def mots_par_champ(form):
    """The pairs of ``MOTS_PAR_CHAMP`` whose field ``form`` has, for ``francetravail.base.formulaires.reporter``:
    an action's refusal lands at the first of its fields its message is about, else on top of the form."""
    return [(mot, champ) for mot, champ in MOTS_PAR_CHAMP if champ in form.fields]


def _avec_vide(choices, libelle="Tous"):
    return [("", libelle), *choices]


class FiltreFileForm(DsfrBaseForm):
    statut = forms.ChoiceField(label="État", required=False, choices=_avec_vide(StatutProcedure.choices, "En cours"))
    type_manquement = forms.ChoiceField(label="Manquement", required=False, choices=_avec_vide(TypeManquement.choices))
    public = forms.ChoiceField(label="Public", required=False, choices=_avec_vide(Public.choices))
    en_retard = forms.BooleanField(label="Décisions en retard seulement", required=False)
    sans_adresse = forms.BooleanField(label="Courriers en attente d'une adresse postale", required=False)
    avis_attendu = forms.BooleanField(label="En attente de l'avis de l'équipe pluridisciplinaire", required=False)


class SignalementForm(DsfrBaseForm):
    """``absences``: the person's unexcused absences still to examine (rendezvous app)."""

    absence = forms.ModelChoiceField(
        label="Absence non excusée à l'origine du signalement",
        queryset=None,
        required=False,
        empty_label="Aucune : un autre fait",
        help_text="Une absence retenue fixe la date des faits et l'origine « absence non excusée ».",
    )
    type_manquement = forms.ChoiceField(label="Manquement", choices=TypeManquement.choices)
    public = forms.ChoiceField(
        label="Ce que perçoit la personne",
        choices=Public.choices,
        help_text="Le barème applicable en dépend (revenu de remplacement ou allocation, RSA, aucune allocation).",
    )
    source = forms.ChoiceField(
        label="Origine",
        choices=[(v, libelle) for v, libelle in SourceManquement.choices if v != SourceManquement.ABSENCE],
        initial=SourceManquement.SIGNALEMENT,
        help_text="Sans objet quand une absence non excusée est retenue : l'origine est alors cette absence.",
    )
    date_faits = forms.DateField(label="Date des faits", widget=DATE)
    faits = forms.CharField(label="Faits constatés", widget=TEXTE, max_length=5000)
    elements_preuve = forms.CharField(label="Éléments de preuve", required=False, widget=TEXTE, max_length=5000)

    def __init__(self, *args, absences, **kwargs):
        super().__init__(*args, **kwargs)
        if absences.exists():
            self.fields["absence"].queryset = absences
            self.fields["absence"].label_from_instance = lambda a: (
                f"Rendez-vous du {timezone.localtime(a.rendez_vous.creneau.debut):%d/%m/%Y à %H:%M} — "
                f"{a.rendez_vous.creneau.get_motif_display()}"
            )
        else:
            del self.fields["absence"]

    def clean(self):
        donnees = super().clean()
        absence = donnees.get("absence")
        if absence is not None:
            donnees["source"] = SourceManquement.ABSENCE
            jour = timezone.localdate(absence.rendez_vous.creneau.debut)
            if donnees.get("date_faits") not in (None, jour):
                self.add_error("date_faits", f"Le rendez-vous manqué a eu lieu le {jour:%d/%m/%Y}.")
        return donnees


class ExamenForm(DsfrBaseForm):
    examen = forms.CharField(label="Examen global de la situation", widget=TEXTE, max_length=5000)
    accompagnement_fourni = forms.CharField(
        label="Accompagnement effectivement proposé", widget=TEXTE, max_length=5000
    )
    note_interne = forms.CharField(**NOTE_INTERNE)


class ClassementForm(DsfrBaseForm):
    motif = forms.CharField(label="Motif du classement sans suite", widget=TEXTE, max_length=5000)
    note_interne = forms.CharField(**NOTE_INTERNE)


class AvertissementForm(DsfrBaseForm):
    mesure_envisagee = forms.ChoiceField(label="Mesure envisagée", choices=Mesure.choices)
    sanction_envisagee = forms.CharField(
        label="Sanction envisagée",
        widget=TEXTE,
        max_length=5000,
        help_text="Ce que la personne lira : la mesure, son taux et sa durée.",
    )
    notifie_le = forms.DateField(
        label="Date de notification",
        required=False,
        widget=DATE,
        help_text="La date certaine de l'envoi ; aujourd'hui si vide. Le délai de 10 jours court à partir d'elle.",
    )
    representant_legal = forms.CharField(
        label="Représentant légal destinataire : nom et adresse postale",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour une personne mineure ou un majeur protégé. Une information par ligne : "
        "le nom, le numéro et la voie, puis le code postal et la commune (par exemple « 59000 Lille »).",
    )
    representant_legal_courriel = forms.EmailField(
        label="Courriel du représentant légal",
        required=False,
        help_text="Pour le prévenir qu'une copie de l'avertissement lui est adressée.",
    )
    majeur_protege = forms.BooleanField(label="Majeur protégé", required=False)
    note_interne = forms.CharField(**NOTE_INTERNE)


class ObservationsGuichetForm(DsfrBaseForm):
    observations = forms.CharField(label="Observations de la personne", widget=TEXTE, max_length=10000)
    recues_le = forms.DateField(label="Reçues le", required=False, widget=DATE, help_text="Aujourd'hui si vide.")
    justificatif = ChampDocument(
        nature=NatureDocument.OBSERVATIONS,
        label="Justificatif apporté (facultatif)",
        required=False,
        help_text="Le document que la personne a remis avec ses observations, numérisé : PDF, JPEG ou PNG.",
    )


class DemandeAuditionGuichetForm(DsfrBaseForm):
    """A request to be heard the team received (letter, call, desk), with the day it was received."""

    demandee_le = forms.DateField(
        label="Demande reçue le",
        required=False,
        widget=DATE,
        help_text="Aujourd'hui si vide. Une demande reçue au plus tard le dernier jour du délai est recevable.",
    )
    accompagnant = forms.CharField(label="Personne qui l'accompagnera", required=False, max_length=200)
    observations = forms.CharField(
        label="Observations jointes à la demande", required=False, widget=TEXTE, max_length=10000
    )


class AbsenceAuditionForm(DsfrBaseForm):
    """The person did not come to the hearing they asked for."""

    prevue_le = forms.DateField(label="Audition prévue le", widget=DATE)
    motif = forms.CharField(
        label="Convocation et absence constatée",
        widget=TEXTE,
        max_length=5000,
        help_text="Comment la personne a été convoquée (courrier, date d'envoi), et qu'elle ne s'est pas présentée.",
    )
    note_interne = forms.CharField(**NOTE_INTERNE)


class AuditionForm(DsfrBaseForm):
    compte_rendu = forms.CharField(label="Compte rendu de l'audition", widget=TEXTE, max_length=10000)
    tenue_le = forms.DateField(label="Tenue le", required=False, widget=DATE, help_text="Aujourd'hui si vide.")
    assistee_par = forms.CharField(label="Personne qui assistait", required=False, max_length=200)
    note_interne = forms.CharField(**NOTE_INTERNE)


class _MesureForm(DsfrBaseForm):
    mesure = forms.ChoiceField(label="Mesure", choices=Mesure.choices)
    taux = forms.DecimalField(label="Taux (%)", required=False, min_value=0, max_value=100, decimal_places=2)
    duree_mois = forms.IntegerField(label="Durée (mois)", required=False, min_value=1, max_value=24)
    radiation_mois = forms.IntegerField(label="Radiation (mois)", required=False, min_value=1, max_value=24)


class CorrectionFoyerForm(DsfrBaseForm):
    """The decider corrects the RSA household read from the file (R262-68-6), with its reason."""

    nb_personnes = forms.IntegerField(label="Personnes au foyer", min_value=1, max_value=20)
    majoration_isolement = forms.TypedChoiceField(
        label="Majoration pour isolement (L262-9)",
        choices=[("non", "Non"), ("oui", "Oui")],
        coerce=lambda v: v == "oui",
        initial="non",
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Motif de la correction",
        widget=TEXTE,
        max_length=5000,
        help_text="Ce qui établit la composition du foyer (attestation, notification de la CAF ou de la MSA, date).",
    )


class PropositionForm(_MesureForm):
    motivation = forms.CharField(label="Motivation de la proposition", widget=TEXTE, max_length=10000)


class DecisionForm(_MesureForm):
    debut = forms.DateField(label="Début", required=False, widget=DATE, help_text="Aujourd'hui si vide.")
    fin = forms.DateField(
        label="Échéance de l'avertissement",
        required=False,
        widget=DATE,
        help_text="Pour un avertissement seulement : la date à laquelle la personne doit avoir mis fin au manquement.",
    )
    motivation = forms.CharField(label="Motivation de la décision", widget=TEXTE, max_length=10000)
    montant_mensuel = forms.DecimalField(
        label="Montant mensuel de la prestation (€)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text="Pour calculer, mois par mois, les montants retenus et, en cas de levée, à reverser.",
    )
    note_interne = forms.CharField(**NOTE_INTERNE)


class AvisEquipeForm(DsfrBaseForm):
    avis = forms.CharField(label="Avis de l'équipe pluridisciplinaire", widget=TEXTE, max_length=10000)
    rendu_le = forms.DateField(label="Rendu le", required=False, widget=DATE, help_text="Aujourd'hui si vide.")


class RemobilisationForm(DsfrBaseForm):
    constat = forms.CharField(
        label="Remobilisation constatée",
        widget=TEXTE,
        max_length=5000,
        help_text="Contrat signé, obligations remplies comme convenu : ce qui a été constaté.",
    )
    le = forms.DateField(label="Constatée le", required=False, widget=DATE, help_text="Aujourd'hui si vide.")


class LeveeForm(DsfrBaseForm):
    motif = forms.CharField(label="Motif de la levée", required=False, widget=TEXTE, max_length=5000)
    note_interne = forms.CharField(**NOTE_INTERNE)


class RecoursForm(DsfrBaseForm):
    motifs = forms.CharField(label="Motifs du recours", widget=TEXTE, max_length=10000)


class RecoursPersonneForm(RecoursForm):
    """The person appeals from their space, with a document if they have one (checked, then stored
    by ``actions.former_recours``; read by the appeal's instructor and the deciders)."""

    piece = ChampDocument(
        nature=NatureDocument.RECOURS,
        label="Pièce jointe (facultatif)",
        required=False,
        help_text="Un document qui appuie votre recours : PDF, JPEG ou PNG.",
    )


class RecoursGuichetForm(RecoursForm):
    forme_le = forms.DateField(label="Formé le", required=False, widget=DATE, help_text="Aujourd'hui si vide.")


class StatuerRecoursForm(_MesureForm):
    issue = forms.ChoiceField(
        label="Issue",
        choices=[(s, libelle) for s, libelle in StatutRecours.choices if s in ("maintenue", "reformee", "annulee")],
    )
    motivation = forms.CharField(label="Motivation", widget=TEXTE, max_length=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mesure"].required = False
        self.fields["mesure"].choices = _avec_vide(Mesure.choices, "—")
        self.fields["mesure"].help_text = "Pour une décision réformée seulement."


class ReceptionPostaleForm(DsfrBaseForm):
    """The team records the postal acknowledgement of receipt of a letter sent by post."""

    avec_procedure = True  # built with the procedure: the letters to choose from are its own
    courrier = forms.ModelChoiceField(label="Courrier", queryset=None, empty_label=None)
    recu_le = forms.DateField(
        label="Reçu le",
        widget=DATE,
        help_text="La date portée sur l'avis de réception. Elle ne se corrige plus une fois enregistrée.",
    )

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        # A letter waiting for its recipient's address has not been sent (sanctions.courriers).
        self.fields["courrier"].queryset = (
            procedure.courriers.filter(recu_le__isnull=True)
            .exclude(document="", contenu__has_key="adresse_manquante")
            .order_by("created_at", "pk")
        )
        self.fields["courrier"].label_from_instance = lambda c: (
            f"{c.get_type_courrier_display()} — {c.get_destinataire_display().lower()} ({c.created_at:%d/%m/%Y})"
        )


# --- The person's side ----------------------------------------------------------------------


class ReponseForm(DsfrBaseForm):
    """The person answers the prior notice: written observations, or a request to be heard.

    ``peut_demander_audition``: False once a hearing was asked for; the person may then only
    complete their written observations until the period's last day."""

    ETRE_ENTENDU = "entendu"
    ECRIT = "ecrit"
    choix = forms.ChoiceField(
        label="Votre réponse",
        choices=[
            (ECRIT, "J'envoie mes observations écrites"),
            (ETRE_ENTENDU, "Je demande à être entendu(e), avec la personne de mon choix si je le souhaite"),
        ],
        widget=forms.RadioSelect,
        initial=ECRIT,
    )
    observations = forms.CharField(
        label="Vos observations",
        required=False,
        widget=TEXTE,
        max_length=10000,
        help_text=(
            "Expliquez votre situation : ce qui vous a empêché(e), ce que vous avez fait depuis. "
            "Facultatif si vous demandez à être entendu(e)."
        ),
    )
    accompagnant = forms.CharField(
        label="Personne qui vous accompagnera",
        required=False,
        max_length=200,
        help_text="Si vous demandez à être entendu(e) : son nom, si vous le souhaitez.",
    )
    justificatif = ChampDocument(
        nature=NatureDocument.OBSERVATIONS,
        label="Justificatif (facultatif)",
        required=False,
        help_text=(
            "Un document qui appuie vos observations (arrêt de travail, convocation, attestation…) : "
            "PDF, JPEG ou PNG. Il sera lu avant toute décision."
        ),
    )

    def __init__(self, *args, peut_demander_audition=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not peut_demander_audition:
            del self.fields["choix"]
            del self.fields["accompagnant"]
            self.fields["observations"].help_text = "Ce que vous souhaitez ajouter à votre réponse."

    def clean(self):
        donnees = super().clean()
        # A request to be heard is a full answer (R5412-7: « observations écrites ou demander à être
        # entendu »): only written observations need a text.
        if not self.demande_audition() and not (donnees.get("observations") or "").strip():
            self.add_error("observations", "Écrivez vos observations, ou demandez à être entendu(e).")
        return donnees

    def demande_audition(self):
        return "choix" in self.fields and self.cleaned_data.get("choix") == self.ETRE_ENTENDU


class FinDroitForm(DsfrBaseForm):
    motivation = forms.CharField(
        label="Motivation de la décision",
        widget=TEXTE,
        max_length=10000,
        help_text="Obligatoire : en quoi la personne ne se conforme toujours pas à ses obligations. "
        "La personne la lit dans la lettre de décision.",
    )
    effet_le = forms.DateField(
        label="Fin du droit le", required=False, widget=DATE, help_text="Aujourd'hui si vide ; jamais avant."
    )
    note_interne = forms.CharField(**NOTE_INTERNE)


class FiltreRecoursForm(DsfrBaseForm):
    OUVERTS, CLOS, TOUS = "", "clos", "tous"
    etat = forms.ChoiceField(
        label="Recours",
        required=False,
        choices=[(OUVERTS, "À instruire ou à trancher"), (CLOS, "Tranchés"), (TOUS, "Tous")],
    )

    def ouverts(self):
        etat = self.cleaned_data.get("etat", "") if self.is_valid() else self.OUVERTS
        return {self.OUVERTS: True, self.CLOS: False, self.TOUS: None}[etat]
