from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm

from francetravail.comptes.models import User
from francetravail.reseau.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organisation", "role", "actif"]
    autocomplete_fields = ["organisation"]


class CreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "type_compte"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
