"""Routes of the provider API. The same routes serve /api/v1/ and the national service's /koski/api/ paths.

The history has two forms: the register's own `opiskeluoikeus/{oid}/historia[/{n}]` and the
national service's `opiskeluoikeus/historia/{oid}[/{n}]`.
"""

from django.urls import re_path

from . import views

OID = r"(?P<oid>[^/]+)"
VERSION = r"(?P<version>[0-9]{1,9})"

urlpatterns = [
    re_path(r"^oppija/?$", views.LearnerWriteView.as_view(), name="learner-write"),
    re_path(r"^oppija/batch/?$", views.LearnerBatchView.as_view(), name="learner-batch"),
    re_path(rf"^oppija/{OID}/?$", views.LearnerReadView.as_view(), name="learner-read"),
    re_path(rf"^opiskeluoikeus/historia/{OID}/?$", views.StudyRightHistoryView.as_view(), name="history-national"),
    re_path(rf"^opiskeluoikeus/historia/{OID}/{VERSION}/?$", views.StudyRightVersionView.as_view(), name="version-national"),
    re_path(rf"^opiskeluoikeus/{OID}/?$", views.StudyRightView.as_view(), name="study-right"),
    re_path(rf"^opiskeluoikeus/{OID}/historia/?$", views.StudyRightHistoryView.as_view(), name="history"),
    re_path(rf"^opiskeluoikeus/{OID}/historia/{VERSION}/?$", views.StudyRightVersionView.as_view(), name="version"),
    re_path(
        rf"^opiskeluoikeus/{OID}/{VERSION}/delete-paatason-suoritus/?$",
        views.DeleteTopLevelAchievementView.as_view(), name="delete-top-level-achievement",
    ),
    re_path(r"^tiedonsiirrot/?$", views.TransferLogView.as_view(), name="transfer-log"),
    re_path(r"^tiedonsiirrot/yhteenveto/?$", views.TransferSummaryView.as_view(), name="transfer-summary"),
]
