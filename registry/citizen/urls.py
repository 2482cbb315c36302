"""Routes of the citizen pages under /omat-tiedot/ and of the public pages at the top level."""

from django.urls import path

from . import oidc, public_views, share_views, views

urlpatterns = [
    path("", views.own_record, name="own-record"),
    path("kirjaudu/", views.login, name="login"),
    path("suomifi/", oidc.StartView.as_view(), name="oidc-start"),
    path("suomifi/paluu/", oidc.CallbackView.as_view(), name="oidc-callback"),
    path("testitunnistautuminen/", views.test_identification, name="test-identification"),
    path("kirjaudu-ulos/", views.logout, name="logout"),
    path("jaot/", share_views.share_link_list, name="share-links"),
    path("jaot/<int:link_id>/voimassaolo/", share_views.share_link_extend, name="share-link-extend"),
    path("jaot/<int:link_id>/peru/", share_views.share_link_revoke, name="share-link-revoke"),
    path("todistus/", share_views.transcript, name="transcript"),
    path("tiedot.json", views.data_download, name="data-download"),
    path("kuka-on-katsonut/", views.access_log, name="access-log"),
]

# The share link's secret is the last path segment; registry.logging masks it in log lines.
public_urlpatterns = [
    path("jako/<str:secret>/", public_views.share, name="share"),
    path("jako/<str:secret>/json/", public_views.share_json, name="share-json"),
    path("jako/<str:secret>/pdf/", public_views.share_pdf, name="share-pdf"),
    path("tutkinnon-perusteet/<int:description_id>/", public_views.qualification_description,
         name="qualification-description"),
    path("saavutettavuusseloste/", views.accessibility_statement, name="accessibility-statement"),
]
