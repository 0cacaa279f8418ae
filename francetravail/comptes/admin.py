"""Accounts and their secrets: superusers only.

An account holds a person's e-mail and phone, and the account admin grants ``is_superuser``,
groups and permissions: a staff account with ``change_user`` would make itself a superuser.
Professionals are managed by their organisation's admin in the back-office.
"""

# allauth's admins register its models: imported first, so that they can be re-registered below.
import allauth.account.admin  # noqa: F401
import allauth.mfa.admin  # noqa: F401
import allauth.socialaccount.admin  # noqa: F401
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group

from francetravail.base.admin import ReserveSuperutilisateur, reserver_aux_superutilisateurs
from francetravail.comptes.models import User
from francetravail.reseau.admin import RattachementInlineBase


class MembershipInline(RattachementInlineBase):
    # National administrators only change memberships here; nobody grants themself a role that
    # reads files (``reseau.admin.RattachementInlineBase``).
    fk_name = "user"
    fields = ["organisation", "role", "actif", "statut"]
    autocomplete_fields = ["organisation"]


class CreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "type_compte"]


@admin.register(User)
class UserAdmin(ReserveSuperutilisateur, BaseUserAdmin):
    add_form = CreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "type_compte", "is_active", "is_staff"]
    list_filter = ["type_compte", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "telephone", "type_compte"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "type_compte", "password1", "password2"],
            },
        )
    ]
    inlines = [MembershipInline]


# Groups carry permissions (a staff account could grant itself any); e-mail addresses, second
# factors, OIDC accounts, tokens and client secrets are accounts' secrets.
reserver_aux_superutilisateurs(admin.site, Group, EmailAddress, Authenticator, SocialAccount, SocialToken, SocialApp)
