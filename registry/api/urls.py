"""Routes of the provider API. The same views serve /api/v1/ and the national service's /koski/api/ paths."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^oppija/?$", views.LearnerWriteView.as_view(), name="learner-write"),
    re_path(r"^oppija/(?P<oid>[^/]+)/?$", views.LearnerReadView.as_view(), name="learner-read"),
]
