"""Admin building blocks shared by the apps."""


class LectureSeule:
    """Mixin for admin pages and inlines that only show: the rows are written by actions, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
