from django.contrib import admin

from ..models import Learner


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = ["oid", "last_name", "first_names", "birth_date"]
    search_fields = ["oid", "last_name", "first_names"]
    exclude = ["identity_code_ciphertext", "identity_code_hash"]
    raw_id_fields = ["master"]
