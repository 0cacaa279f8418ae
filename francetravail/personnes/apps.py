from django.apps import AppConfig

from francetravail.base import fsm


class PersonnesConfig(AppConfig):
    name = "francetravail.personnes"
    label = "personnes"
    verbose_name = "Personnes accompagnées"

    def ready(self):
        # cycle: app loading — the queue's count imports models, loaded only after every app's config.
        from francetravail.personnes import a_faire, acces, queries

        # The first app with a state machine (Personne.statut): migrations render its historical models.
        fsm.sans_ecouteurs_pour_les_modeles_historiques()

        # The invitations into files received by the user's organisations (the people around a file).
        a_faire.enregistrer(
            a_faire.File(
                "invitations_recues",
                "Invitations reçues",
                "Les invitations de vos organisations à rejoindre le dossier d'une personne : accepter ou refuser.",
                frozenset(acces.ROLES_ENTOURAGE),
                compter=queries.compter_invitations_recues,
                url="backoffice:invitations",
                ordre=8,
            )
        )
