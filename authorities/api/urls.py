"""Routes of the disclosure API, under /api/v1/luovutus/ in the namespace `luovutus`."""

from django.urls import re_path

from . import views

DATASET = r"(?P<dataset_id>[0-9]{1,18})"

urlpatterns = [
    re_path(r"^oppijat/?$", views.LookupView.as_view(), name="lookup"),
    re_path(r"^muutokset/?$", views.ChangeFeedView.as_view(), name="change-feed"),
    re_path(r"^aineistot/?$", views.DatasetListView.as_view(), name="datasets"),
    re_path(rf"^aineistot/{DATASET}/?$", views.DatasetView.as_view(), name="dataset"),
    re_path(rf"^aineistot/{DATASET}/tiedosto/?$", views.DatasetFileView.as_view(), name="dataset-file"),
    re_path(r"^tilastot/?$", views.AggregateView.as_view(), name="aggregates"),
]
