from django.contrib import admin

from ..models import StudyRight


@admin.register(StudyRight)
class StudyRightAdmin(admin.ModelAdmin):
    list_display = ["oid", "type", "institution", "state", "version", "updated_at"]
    list_filter = ["type", "invalidated"]
    search_fields = ["oid"]
    raw_id_fields = ["learner", "institution", "provider"]
