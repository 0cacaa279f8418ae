"""django-fsm's state fields in migration states: no listener left behind.

``FSMFieldMixin.contribute_to_class`` connects the field's ``_collect_transitions`` to
``class_prepared`` for every class it is added to, listening to every sender. Migrations render
the historical models again and again (each ``AddField`` or ``AlterField`` clones the fields of
the model and of its related models), so those listeners pile up faster than the garbage
collector drops them, and every model rendered afterwards calls all of them: on this project,
about 40 % of a migration from scratch (180 s → 108 s once removed), which every fresh test
database and every deployment pays.

A historical model has no methods, hence no transitions to collect: its field's listener is
disconnected as soon as it is added. The application's own models (the global registry) keep
django-fsm's behaviour untouched.
"""

import django_fsm
from django.apps import apps as registre_global
from django.db.models.signals import class_prepared

_contribute_to_class_d_origine = django_fsm.FSMFieldMixin.contribute_to_class


def _contribute_to_class(self, cls, name, *args, **kwargs):
    _contribute_to_class_d_origine(self, cls, name, *args, **kwargs)
    if cls._meta.apps is not registre_global:
        class_prepared.disconnect(self._collect_transitions)


def sans_ecouteurs_pour_les_modeles_historiques():
    """Installed once, from an app's ``ready()`` (before any migration renders a state)."""
    django_fsm.FSMFieldMixin.contribute_to_class = _contribute_to_class
