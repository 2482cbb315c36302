"""The demo load records its writes in the audit trail as the register itself, under one request id."""

from registry.models import ActorType, AuditAction, AuditEvent, Learner, StudyRight


def test_demo_writes_are_audited_as_load_command(load_own_demo_data):
    load_own_demo_data()

    events = AuditEvent.objects.filter(action__in=[AuditAction.LEARNER_WRITE, AuditAction.STUDY_RIGHT_WRITE])
    assert events.filter(action=AuditAction.LEARNER_WRITE).count() == Learner.objects.count()
    assert events.filter(action=AuditAction.STUDY_RIGHT_WRITE).count() == StudyRight.objects.count()
    assert set(events.values_list("actor_type", "actor_name")) == {(ActorType.SYSTEM, "load_demo_data")}
    assert events.values("request_id").distinct().count() == 1
    assert set(events.exclude(study_right_oid="").values_list("details__source", flat=True)) == {"demo"}
