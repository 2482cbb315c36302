from django.urls import path

from . import views

urlpatterns = [
    path("", views.own_record, name="own-record"),
    path("kirjaudu/", views.login, name="login"),
    path("testitunnistautuminen/", views.test_identification, name="test-identification"),
    path("kirjaudu-ulos/", views.logout, name="logout"),
]
