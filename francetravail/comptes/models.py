import pghistory
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from francetravail.comptes.enums import TypeCompte


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("type_compte", TypeCompte.PROFESSIONNEL)
        return self._create_user(email, password, **extra_fields)


@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["password", "last_login"]
)
class User(AbstractBaseUser, PermissionsMixin):
    """Every account: people, employers and professionals log in by email."""

    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    type_compte = models.CharField("type de compte", max_length=20, choices=TypeCompte.choices)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("date de création", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="comptes_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.nom_affiche

    @property
    def nom_affiche(self):
        """The name shown for the account: full name, else email."""
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def est_professionnel(self):
        return self.type_compte == TypeCompte.PROFESSIONNEL

    @property
    def est_personne(self):
        return self.type_compte == TypeCompte.PERSONNE

    @property
    def est_employeur(self):
        return self.type_compte == TypeCompte.EMPLOYEUR

    @property
    def doit_avoir_second_facteur(self):
        # Anyone who can read other people's files must use a second factor.
        return self.est_professionnel or self.is_staff
