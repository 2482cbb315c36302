"""The permission matrix: for every URL pattern, the requests to send and what each role gets back.

TABLE maps each pattern's key (its namespaced name, or its route when it has none; see
`tests.matrix.urls`) to the Cases sent to it. A Case gives the expected status for every role
(`statuses`, which must name all nine roles) and, for a read, the audit events a successful
response records. LOGIN stands for a redirect to the admin's login page.

The admin's model pages are listed per model in MODEL_PAGES, with the statuses of the model's
kind of page, because Django generates the same six patterns for every registered model. A model
registered in the admin without an entry there leaves its patterns without rows, and the matrix
test fails.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from registry.models import AuditAction, Learner, StudyRight, TransferAttempt

from .world import (
    ANONYMOUS,
    AUTHORITY,
    CITIZEN,
    OFFICIAL_A,
    OFFICIAL_B,
    OUTSIDERS,
    READER_A,
    ROLES,
    SERVICE_BASIC,
    SERVICE_TOKEN,
    SUPERUSER,
    stored,
    study_rights_of,
)

LOGIN = "login"
READ = "read"
WRITE = "write"


def statuses(**by_role):
    """Return the expected statuses of a case; every role must be named, so no role is forgotten."""
    missing = set(ROLES) - set(by_role)
    unknown = set(by_role) - set(ROLES)
    if missing or unknown:
        raise ValueError(f"Statuses must name every role: missing {sorted(missing)}, unknown {sorted(unknown)}.")
    return by_role


def api(*, official_a, official_b, reader_a, service_basic, service_token, superuser):
    """Statuses of a provider API request.

    Anonymous callers and citizens (whose session has no user) get 401. The authority's token
    has only the disclosure scope `luovutus`, so the provider API rejects it with 403.
    """
    return statuses(
        anonymous=401, citizen=401, official_a=official_a, official_b=official_b, reader_a=reader_a,
        service_basic=service_basic, service_token=service_token, authority=403, superuser=superuser,
    )


def admin(*, official_a, official_b, reader_a, superuser):
    """Statuses of an admin page: every role not logged in to the admin goes to the login page.

    API credentials (HTTP Basic, bearer tokens) and a citizen's session do not open the admin.
    """
    return statuses(
        **{role: LOGIN for role in OUTSIDERS}, official_a=official_a, official_b=official_b, reader_a=reader_a,
        superuser=superuser,
    )


def every_role(status):
    return statuses(**{role: status for role in ROLES})


def staff(status):
    return admin(official_a=status, official_b=status, reader_a=status, superuser=status)


def superuser_only(status, others=403):
    return admin(official_a=others, official_b=others, reader_a=others, superuser=status)


@dataclass(frozen=True)
class Case:
    """One request to a pattern and each role's expected outcome.

    `url` and `data` take the World. `events`, for a read, takes the World and the role and
    returns the (action, learner OID, study right OID) of each event a successful response
    records. For a write, `write_events` lists the actions a successful write records, and
    every role outside `changed_by` must leave the database unchanged.
    """

    method: str
    url: Callable
    statuses: dict
    kind: str = READ
    data: Callable | None = None
    json: bool = False
    events: Callable | None = None
    write_events: tuple = ()
    changed_by: tuple = ()
    # Returns the headers a role sends instead of its own, such as a client's credentials for the token endpoint.
    headers: Callable | None = None
    # Statuses whose responses show the data that `events` describes.
    event_statuses: tuple = (200,)
    name: str = ""


def no_events(world, role):
    return []


# Audit events that reads record


def learner_read(person_key, *, with_study_rights=True, action=AuditAction.LEARNER_READ):
    """Events of a page or response showing a learner, and each of its study rights that the role reads."""

    def events(world, role):
        oid = world.person(person_key).oid
        result = [(action, oid, "")]
        if with_study_rights:
            visible = set(world.visible_study_rights(role))
            result += [
                (AuditAction.STUDY_RIGHT_READ, oid, world.study_right(key).oid)
                for key in study_rights_of(world, person_key) if key in visible
            ]
        return result

    return events


def study_right_read(key, action=AuditAction.STUDY_RIGHT_READ):
    def events(world, role):
        right = world.study_right(key)
        return [(action, world.person(right.person).oid, right.oid)]

    return events


def transfer_row_read(attempt_key):
    def events(world, role):
        return [(AuditAction.TRANSFER_LOG_READ, world.transfer_attempts[attempt_key].learner_oid, "")]

    return events


TRANSFER_ROW_INSTITUTIONS = {
    "learner_a_at_a": "A", "person_f_at_a": "A", "shared_at_a": "A", "learner_b_at_b": "B", "shared_at_b": "B",
}


def visible_transfer_rows(world, role):
    return [
        (AuditAction.TRANSFER_LOG_READ, world.transfer_attempts[key].learner_oid, "")
        for key, institution in TRANSFER_ROW_INSTITUTIONS.items() if world.reads(role, institution)
    ]


def visible_learners(world, role):
    keys = {world.study_right(key).person for key in world.visible_study_rights(role)}
    return [(AuditAction.LEARNER_READ, world.person(key).oid, "") for key in sorted(keys)]


def visible_study_right_rows(world, role):
    return [
        (AuditAction.STUDY_RIGHT_READ, world.person(world.study_right(key).person).oid, world.study_right(key).oid)
        for key in world.visible_study_rights(role)
    ]


# The provider API, under /api/v1/ and /koski/api/

API_PREFIXES = {"api": "/api/v1/", "koski-api": "/koski/api/"}
NEW_LEARNER_WRITERS = (OFFICIAL_A, SERVICE_BASIC, SERVICE_TOKEN, SUPERUSER)
WRITE_NEW_LEARNER = api(official_a=200, official_b=403, reader_a=403, service_basic=200, service_token=200, superuser=200)
READ_AT_A = api(official_a=200, official_b=404, reader_a=200, service_basic=200, service_token=200, superuser=200)
READ_AT_B = api(official_a=404, official_b=200, reader_a=404, service_basic=404, service_token=404, superuser=200)
READ_AT_BOTH = api(official_a=200, official_b=200, reader_a=200, service_basic=200, service_token=200, superuser=200)
STUDY_RIGHT_STATUSES = {"a_pre_primary": READ_AT_A, "b_vocational": READ_AT_B}


def api_rows(namespace):
    prefix = API_PREFIXES[namespace]

    def at(path):
        return lambda world: prefix + path(world)

    def study_right_cases(path, action):
        return [
            Case("GET", at(lambda world, key=key: path(world.study_right(key).oid)), STUDY_RIGHT_STATUSES[key],
                 events=study_right_read(key, action), name=key)
            for key in STUDY_RIGHT_STATUSES
        ]

    new_learner = {"kind": WRITE, "json": True, "write_events": (AuditAction.LEARNER_WRITE, AuditAction.STUDY_RIGHT_WRITE),
                   "changed_by": NEW_LEARNER_WRITERS}
    return {
        f"{namespace}:learner-write": [
            Case("PUT", at(lambda world: "oppija"), WRITE_NEW_LEARNER, data=lambda world: world.write_document, **new_learner),
            Case("POST", at(lambda world: "oppija"), WRITE_NEW_LEARNER, data=lambda world: world.write_document, **new_learner),
        ],
        f"{namespace}:learner-batch": [
            # A batch whose every learner was rejected returns the highest status of its items.
            Case("PUT", at(lambda world: "oppija/batch"), WRITE_NEW_LEARNER, data=lambda world: [world.write_document],
                 **new_learner),
        ],
        f"{namespace}:learner-read": [
            Case("GET", at(lambda world, key=key: f"oppija/{world.person(key).oid}"), status, events=learner_read(key), name=key)
            for key, status in [("learner_a", READ_AT_A), ("learner_b", READ_AT_B), ("shared", READ_AT_BOTH)]
        ],
        f"{namespace}:history-national": study_right_cases(
            lambda oid: f"opiskeluoikeus/historia/{oid}", AuditAction.HISTORY_READ),
        f"{namespace}:version-national": study_right_cases(
            lambda oid: f"opiskeluoikeus/historia/{oid}/1", AuditAction.HISTORY_READ),
        f"{namespace}:study-right": [
            *study_right_cases(lambda oid: f"opiskeluoikeus/{oid}", AuditAction.STUDY_RIGHT_READ),
            # Invalidation needs the invalidation right, which only the registry administrator has here.
            Case("DELETE", at(lambda world: f"opiskeluoikeus/{world.study_right('a_subject').oid}"),
                 api(official_a=403, official_b=404, reader_a=403, service_basic=403, service_token=403, superuser=200),
                 kind=WRITE, write_events=(AuditAction.STUDY_RIGHT_INVALIDATE,), changed_by=(SUPERUSER,)),
        ],
        f"{namespace}:history": study_right_cases(lambda oid: f"opiskeluoikeus/{oid}/historia", AuditAction.HISTORY_READ),
        f"{namespace}:version": study_right_cases(
            lambda oid: f"opiskeluoikeus/{oid}/historia/1", AuditAction.HISTORY_READ),
        f"{namespace}:delete-top-level-achievement": [
            # The study right came from no source system, so the provider systems of source system
            # winnova may not change it, as they could not by sending its document.
            Case("POST", at(lambda world: f"opiskeluoikeus/{world.study_right('a_subject').oid}/1/delete-paatason-suoritus"),
                 api(official_a=200, official_b=404, reader_a=403, service_basic=403, service_token=403, superuser=200),
                 kind=WRITE, json=True, data=lambda world: stored(world, "a_subject").document["suoritukset"][0],
                 write_events=(AuditAction.STUDY_RIGHT_WRITE,), changed_by=(OFFICIAL_A, SUPERUSER)),
        ],
        f"{namespace}:transfer-log": [
            Case("GET", at(lambda world: "tiedonsiirrot"), READ_AT_BOTH, events=visible_transfer_rows),
        ],
        f"{namespace}:transfer-summary": [
            # The summary counts transfers per organisation and contains no learner data, so it records no event.
            Case("GET", at(lambda world: "tiedonsiirrot/yhteenveto"), READ_AT_BOTH, events=no_events),
        ],
    }


# The admin's pages of each registered model


@dataclass(frozen=True)
class RecordObject:
    """A record whose admin pages the matrix opens, the statuses of its change page and the events of its pages."""

    key: str
    page: dict
    obj: Callable
    page_events: Callable
    row_events: Callable


IN_A = admin(official_a=200, official_b=302, reader_a=200, superuser=200)
IN_B = admin(official_a=302, official_b=200, reader_a=302, superuser=200)
IN_BOTH = staff(200)


def learner_object(key, page):
    return RecordObject(
        key, page, lambda world: Learner.objects.get(oid=world.person(key).oid),
        learner_read(key), learner_read(key, with_study_rights=False),
    )


def study_right_object(key, page):
    return RecordObject(
        key, page, lambda world: StudyRight.objects.get(oid=world.study_right(key).oid),
        study_right_read(key), study_right_read(key),
    )


def transfer_object(key, page):
    return RecordObject(
        key, page, lambda world: TransferAttempt.objects.get(pk=world.transfer_attempts[key].pk),
        transfer_row_read(key), transfer_row_read(key),
    )


@dataclass(frozen=True)
class ModelPages:
    """The statuses of one model's admin pages.

    `objects` lists the records whose pages are opened, each with the statuses of its change and
    history pages. Without it the model's row in `World.objects` is opened, and `change` gives
    the statuses of its change and history pages.
    """

    changelist: dict
    add: dict
    add_post: dict
    change_post: dict
    delete: dict
    delete_post: dict
    change: dict | None = None
    objects: tuple | None = None
    changelist_events: Callable = no_events
    # Roles whose valid change or delete post saves something.
    change_changes: tuple = ()
    delete_changes: tuple = ()


SCOPED_RECORD = {
    "changelist": staff(200), "add": staff(403), "add_post": staff(403), "change_post": staff(403),
    "delete": staff(403), "delete_post": staff(403),
}
REFERENCE_DATA = {
    "changelist": staff(200), "add": staff(403), "add_post": staff(403), "change": staff(200),
    "delete": staff(403), "delete_post": staff(403),
}
REGISTRY_STAFF = {
    "changelist": superuser_only(200), "add": superuser_only(200), "add_post": superuser_only(200),
    "change_post": superuser_only(200), "change": superuser_only(200),
}

MODEL_PAGES = {
    "registry.learner": ModelPages(
        **SCOPED_RECORD, changelist_events=visible_learners,
        objects=(learner_object("learner_a", IN_A), learner_object("learner_b", IN_B), learner_object("shared", IN_BOTH)),
    ),
    "registry.studyright": ModelPages(
        **SCOPED_RECORD, changelist_events=visible_study_right_rows,
        objects=(study_right_object("a_pre_primary", IN_A), study_right_object("b_vocational", IN_B)),
    ),
    "registry.transferattempt": ModelPages(
        **SCOPED_RECORD, changelist_events=visible_transfer_rows,
        objects=(
            transfer_object("learner_a_at_a", IN_A), transfer_object("person_f_at_a", IN_A),
            transfer_object("learner_b_at_b", IN_B),
        ),
    ),
    # An empty form is invalid where a name is required (200: shown again with errors) and valid elsewhere (302: saved).
    "registry.organisation": ModelPages(**REFERENCE_DATA, change_post=superuser_only(200)),
    "registry.codeset": ModelPages(**REFERENCE_DATA, change_post=superuser_only(302), change_changes=(SUPERUSER,)),
    "registry.code": ModelPages(**REFERENCE_DATA, change_post=superuser_only(302), change_changes=(SUPERUSER,)),
    "registry.qualificationdescription": ModelPages(**REFERENCE_DATA, change_post=superuser_only(200)),
    "registry.rolegrant": ModelPages(
        **REGISTRY_STAFF, delete=superuser_only(200), delete_post=superuser_only(302), delete_changes=(SUPERUSER,),
    ),
    "auth.user": ModelPages(
        **REGISTRY_STAFF, delete=superuser_only(200), delete_post=superuser_only(302), delete_changes=(SUPERUSER,),
    ),
    "auth.group": ModelPages(
        **REGISTRY_STAFF, delete=superuser_only(200), delete_post=superuser_only(302), delete_changes=(SUPERUSER,),
    ),
    # Nothing deletes authorities, agreements or API clients: they end or are deactivated.
    "authorities.authority": ModelPages(**REGISTRY_STAFF, delete=superuser_only(403), delete_post=superuser_only(403)),
    "authorities.datasharingagreement": ModelPages(
        **REGISTRY_STAFF, delete=superuser_only(403), delete_post=superuser_only(403),
    ),
    "authorities.apiclient": ModelPages(**REGISTRY_STAFF, delete=superuser_only(403), delete_post=superuser_only(403)),
    # The disclosure log is read-only: nothing adds, changes or deletes a disclosure in the admin.
    "authorities.disclosure": ModelPages(
        changelist=superuser_only(200), add=superuser_only(403), add_post=superuser_only(403),
        change=superuser_only(200), change_post=superuser_only(403), delete=superuser_only(403),
        delete_post=superuser_only(403),
    ),
    # Merges are made on a learner's page and undone on a page of their own, never edited or deleted here.
    "registry.learnermerge": ModelPages(
        changelist=superuser_only(200), add=superuser_only(403), add_post=superuser_only(403),
        change=superuser_only(200), change_post=superuser_only(403), delete=superuser_only(403),
        delete_post=superuser_only(403),
    ),
    "registry.institutiontransition": ModelPages(
        **REGISTRY_STAFF, delete=superuser_only(200), delete_post=superuser_only(302), delete_changes=(SUPERUSER,),
    ),
}


def model_rows(label, pages):
    app_label, model_name = label.split(".")
    prefix = f"admin:{app_label}_{model_name}"

    def url(name, obj=None):
        return lambda world: reverse(f"{prefix}_{name}", args=[obj(world).pk] if obj else [])

    objects = pages.objects or (
        RecordObject(label, pages.change, lambda world: world.objects[label], no_events, no_events),
    )

    def per_object(name, method, status_of, **fields):
        return [Case(method, url(name, item.obj), status_of(item), name=item.key, **fields) for item in objects]

    def with_events(name, method, status_of, events_of):
        return [
            Case(method, url(name, item.obj), status_of(item), events=events_of(item), name=item.key) for item in objects
        ]

    def old_change_url(item):
        # The route `<id>/` without `change/`, which Django redirects to the change page.
        return lambda world: reverse(f"{prefix}_change", args=[item.obj(world).pk]).removesuffix("change/")

    return {
        f"{prefix}_changelist": [Case("GET", url("changelist"), pages.changelist, events=pages.changelist_events)],
        f"{prefix}_add": [
            Case("GET", url("add"), pages.add, events=no_events),
            Case("POST", url("add"), pages.add_post, kind=WRITE, data=lambda world: {}),
        ],
        f"{prefix}_change": [
            *with_events("change", "GET", lambda item: item.page, lambda item: item.page_events),
            *per_object("change", "POST", lambda item: pages.change_post, kind=WRITE, data=lambda world: {},
                        changed_by=pages.change_changes),
        ],
        f"{prefix}_history": with_events("history", "GET", lambda item: item.page, lambda item: item.row_events),
        f"{prefix}_delete": [
            *with_events("delete", "GET", lambda item: pages.delete, lambda item: no_events),
            *per_object("delete", "POST", lambda item: pages.delete_post, kind=WRITE,
                        data=lambda world: {"post": "yes"}, changed_by=pages.delete_changes),
        ],
        f"admin/{app_label}/{model_name}/<path:object_id>/": [
            Case("GET", old_change_url(item), staff(302), events=no_events, name=item.key) for item in objects
        ],
    }


# Other admin pages


def autocomplete(app_label, model_name, field_name, term=""):
    return lambda world: (
        f"{reverse('admin:autocomplete')}?app_label={app_label}&model_name={model_name}&field_name={field_name}&term={term}"
    )


def identity_code_search(person_key):
    def events(world, role):
        oid = world.person(person_key).oid
        if world.reads(role, "A" if person_key == "learner_a" else "B"):
            return [(AuditAction.LEARNER_READ, oid, "")]
        return [(AuditAction.ADMIN_VIEW, oid, "")]

    return events


def learner_content_type_url(world):
    content_type = ContentType.objects.get_for_model(Learner)
    learner = Learner.objects.get(oid=world.person("learner_a").oid)
    return reverse("admin:view_on_site", args=[content_type.pk, learner.pk])


def admin_rows():
    search = reverse("admin:registry_learner_identity_code_search")
    return {
        "admin:index": [Case("GET", lambda world: reverse("admin:index"), staff(200), events=no_events)],
        "admin:login": [
            # Staff who are logged in already are sent on to the index.
            Case("GET", lambda world: reverse("admin:login"),
                 statuses(**{role: 200 for role in OUTSIDERS}, official_a=302, official_b=302, reader_a=302, superuser=302),
                 events=no_events),
        ],
        "admin:logout": [
            # Django sends a visitor who is not logged in from the logout URL to the index, not to the login page.
            Case("POST", lambda world: reverse("admin:logout"),
                 statuses(**{role: 302 for role in OUTSIDERS}, official_a=200, official_b=200, reader_a=200, superuser=200),
                 kind=WRITE, data=lambda world: {}),
        ],
        "admin:password_change": [
            Case("GET", lambda world: reverse("admin:password_change"), staff(200), events=no_events),
            # An empty form is shown again with errors.
            Case("POST", lambda world: reverse("admin:password_change"), staff(200), kind=WRITE, data=lambda world: {}),
        ],
        "admin:password_change_done": [
            Case("GET", lambda world: reverse("admin:password_change_done"), staff(200), events=no_events),
        ],
        "admin:autocomplete": [
            Case("GET", autocomplete("registry", "rolegrant", "organisation"), staff(200), events=no_events,
                 name="organisations"),
            Case("GET", autocomplete("registry", "rolegrant", "user"), superuser_only(200), events=no_events, name="users"),
            # Records are never offered: the results would show learners' names without an audit event.
            Case("GET", autocomplete("registry", "studyright", "learner", "matriisi"), staff(403), events=no_events,
                 name="learners"),
            Case("GET", autocomplete("registry", "achievement", "study_right"), staff(403), events=no_events,
                 name="study rights"),
        ],
        "admin:jsi18n": [Case("GET", lambda world: reverse("admin:jsi18n"), staff(200), events=no_events)],
        # Learners have no public URL, and the 404 is the same whether the object exists or not.
        "admin:view_on_site": [Case("GET", learner_content_type_url, staff(404), events=no_events)],
        "admin:app_list": [
            Case("GET", lambda world: reverse("admin:app_list", args=["auth"]), superuser_only(200, others=404),
                 events=no_events, name="auth"),
            Case("GET", lambda world: reverse("admin:app_list", args=["registry"]), staff(200), events=no_events,
                 name="registry"),
            Case("GET", lambda world: reverse("admin:app_list", args=["authorities"]), superuser_only(200, others=404),
                 events=no_events, name="authorities"),
        ],
        "admin/(?P<url>.*)$": [Case("GET", lambda world: "/admin/no-such-page/", staff(404), events=no_events)],
        "admin:registry_learner_identity_code_search": [
            Case("GET", lambda world: search, staff(200), events=no_events),
            # A code is posted, never put in the URL. A learner out of the user's scope looks like an unknown code.
            Case("POST", lambda world: search, admin(official_a=302, official_b=200, reader_a=302, superuser=302),
                 data=lambda world: {"identity_code": world.person("learner_a").identity_code},
                 events=identity_code_search("learner_a"), event_statuses=(200, 302), name="learner_a"),
            Case("POST", lambda world: search, admin(official_a=200, official_b=302, reader_a=200, superuser=302),
                 data=lambda world: {"identity_code": world.person("learner_b").identity_code},
                 events=identity_code_search("learner_b"), event_statuses=(200, 302), name="learner_b"),
        ],
        **learner_identity_rows(),
        "admin:registry_transferattempt_summary": [
            # Counts per organisation and source system contain no learner data, so the page records no event.
            Case("GET", lambda world: reverse("admin:registry_transferattempt_summary"), staff(200), events=no_events),
        ],
        "admin:auth_user_password_change": [
            Case("GET", lambda world: reverse("admin:auth_user_password_change", args=[world.objects["auth.user"].pk]),
                 superuser_only(200), events=no_events),
            Case("POST", lambda world: reverse("admin:auth_user_password_change", args=[world.objects["auth.user"].pk]),
                 superuser_only(200), kind=WRITE, data=lambda world: {}),
        ],
    }


def learner_identity_rows():
    """The pages where registry administrators create learners and change identities; an empty form is shown again."""

    def learner_page(name):
        return lambda world: reverse(name, args=[Learner.objects.get(oid=world.person("learner_a").oid).pk])

    def undo_page(world):
        return reverse("admin:registry_learnermerge_undo", args=[world.objects["registry.learnermerge"].pk])

    pages = {
        "admin:registry_learner_new": lambda world: reverse("admin:registry_learner_new"),
        "admin:registry_learner_identity_code": learner_page("admin:registry_learner_identity_code"),
        "admin:registry_learner_names": learner_page("admin:registry_learner_names"),
        "admin:registry_learner_merge": learner_page("admin:registry_learner_merge"),
        "admin:registry_learnermerge_undo": undo_page,
    }
    rows = {
        name: [
            Case("GET", url, superuser_only(200), events=no_events),
            Case("POST", url, superuser_only(200), kind=WRITE, data=lambda world: {}),
        ]
        for name, url in pages.items()
    }
    # Only a detached study right is edited there; this one is still tied to its source system, so writers are sent back.
    edit = lambda world: reverse(  # noqa: E731
        "admin:registry_studyright_edit_detached", args=[StudyRight.objects.get(oid=world.study_right("a_subject").oid).pk],
    )
    edit_statuses = admin(official_a=302, official_b=404, reader_a=403, superuser=302)
    rows["admin:registry_studyright_edit_detached"] = [
        Case("GET", edit, edit_statuses, events=no_events),
        Case("POST", edit, edit_statuses, kind=WRITE, data=lambda world: {}),
    ]
    return rows


def detachment_action_case():
    """The study right list's action that detaches the selected study rights from their source systems, confirmed.

    Only the registry administrator holds the detach right here, and the study right is still
    active, so the service refuses it and nothing changes for any role.
    """
    return Case(
        "POST", lambda world: reverse("admin:registry_studyright_changelist"),
        admin(official_a=200, official_b=200, reader_a=200, superuser=302), kind=WRITE,
        data=lambda world: {
            "action": "detach_selected", "confirm": "yes",
            "_selected_action": [StudyRight.objects.get(oid=world.study_right("a_subject").oid).pk],
        },
        events=visible_study_right_rows, name="detach",
    )


def invalidation_action_case():
    """The study right list's action that invalidates the selected study rights, confirmed.

    Without the invalidation right the list offers no action, so the post shows the list again.
    """

    def events(world, role):
        return visible_study_right_rows(world, role)

    return Case(
        "POST", lambda world: reverse("admin:registry_studyright_changelist"),
        admin(official_a=200, official_b=200, reader_a=200, superuser=302), kind=WRITE,
        data=lambda world: {
            "action": "invalidate_selected", "confirm": "yes",
            "_selected_action": [StudyRight.objects.get(oid=world.study_right("a_subject").oid).pk],
        },
        events=events, write_events=(AuditAction.STUDY_RIGHT_INVALIDATE,), changed_by=(SUPERUSER,),
        name="invalidate",
    )


# OAuth2, the citizen pages and the rest


def client_credentials(world, role):
    """Return the token endpoint's HTTP Basic header of a machine client's credentials; other roles send their own."""
    from tests.oauth2 import basic_header

    setup = world.role(role)
    if setup.client_credentials is None:
        return None
    return {"HTTP_AUTHORIZATION": basic_header(setup.client_credentials.client_id, setup.client_credentials.client_secret)}


def spare_token(world):
    return world.role(SERVICE_TOKEN).spare_token


OAUTH2_CLIENTS = statuses(
    anonymous=401, citizen=401, official_a=401, official_b=401, reader_a=401, service_basic=401,
    service_token=200, authority=200, superuser=401,
)

def share_link_of_learner_a(world, revoked=False):
    """Create a share link of learner A's study rights, made before the request and so not among its events; return (link, secret)."""
    from registry.services import share_links

    learner = Learner.objects.get(oid=world.person("learner_a").oid)
    oids = [world.study_right(key).oid for key in study_rights_of(world, "learner_a")]
    link, secret = share_links.create(learner, selection="chosen", study_right_oids=oids)
    if revoked:
        share_links.revoke(link)
    return link, secret


def citizen_only(status):
    """Statuses of a citizen page: learner A's session gets `status`, every other role goes to the citizen login (302)."""
    return statuses(**{role: 302 for role in ROLES if role != CITIZEN}, citizen=status)


def citizen_events(*actions, with_study_rights=False):
    """Events that a citizen page records for learner A's session: each action for the learner, and with each study right if asked.

    Other roles are sent to log in, which records nothing, although the page's own success status is also 302.
    """

    def events(world, role):
        if role != CITIZEN:
            return []
        oid = world.person("learner_a").oid
        result = [(action, oid, "") for action in actions]
        if with_study_rights:
            result += [(actions[-1], oid, world.study_right(key).oid) for key in study_rights_of(world, "learner_a")]
        return result

    return events


def share_link_data(world):
    from registry.services.share_links import default_expiry

    return {"selection": "completed_qualifications", "expires_on": default_expiry().isoformat()}


def extend_data(world):
    from registry.services.share_links import latest_expiry

    return {"link-{}-expires_on".format(world.share_link_pk): latest_expiry().isoformat()}


def qualification_description_url(world):
    from registry.models import QualificationDescription

    return reverse("public:qualification-description", args=[QualificationDescription.objects.order_by("pk").first().pk])


def link_url(name):
    """Return a Case url of a new link of learner A, which exists only within the case's savepoint.

    The link's id is kept on the world for `extend_data`, which the matrix calls after the url.
    """

    def url(world):
        link, _secret = share_link_of_learner_a(world)
        world.share_link_pk = link.pk
        return reverse(name, args=[link.pk])

    return url


def public_link_url(name, revoked):
    def url(world):
        _link, secret = share_link_of_learner_a(world, revoked=revoked)
        return reverse(name, args=[secret])

    return url


# Citizen pages and the public pages of share links and qualification descriptions. The test settings
# leave Suomi.fi off, so its pages do not exist. An active share link shows learner A to anyone
# holding it, and the leak check cannot express that. The matrix therefore sends a revoked link and
# an unknown secret, which get 404 for every role. tests/registry/citizen/test_shared_record.py
# checks what an active link shows.
CITIZEN_ROWS = {
    "citizen:oidc-start": [Case("GET", lambda world: reverse("citizen:oidc-start"), every_role(404), events=no_events)],
    "citizen:oidc-callback": [
        Case("GET", lambda world: reverse("citizen:oidc-callback") + "?code=x&state=y", every_role(404), events=no_events),
    ],
    "citizen:share-links": [
        Case("GET", lambda world: reverse("citizen:share-links"), citizen_only(200),
             events=citizen_events(AuditAction.CITIZEN_SHARE_LINKS_VIEW)),
        Case("POST", lambda world: reverse("citizen:share-links"), citizen_only(200), kind=WRITE, data=share_link_data,
             events=citizen_events(AuditAction.SHARE_LINK_CREATE), changed_by=(CITIZEN,), name="create"),
    ],
    "citizen:share-link-extend": [
        Case("POST", link_url("citizen:share-link-extend"), citizen_only(302), kind=WRITE, data=extend_data,
             events=citizen_events(AuditAction.SHARE_LINK_EXTEND), event_statuses=(302,), changed_by=(CITIZEN,)),
    ],
    "citizen:share-link-revoke": [
        Case("POST", link_url("citizen:share-link-revoke"), citizen_only(302), kind=WRITE, data=lambda world: {},
             events=citizen_events(AuditAction.SHARE_LINK_REVOKE), event_statuses=(302,), changed_by=(CITIZEN,)),
    ],
    "citizen:transcript": [
        Case("POST", lambda world: reverse("citizen:transcript"), citizen_only(200), kind=WRITE,
             data=lambda world: {"language": "fi"}, changed_by=(CITIZEN,),
             events=citizen_events(AuditAction.SHARE_LINK_CREATE, AuditAction.CITIZEN_TRANSCRIPT_DOWNLOAD,
                                   with_study_rights=True)),
    ],
    "citizen:data-download": [
        Case("GET", lambda world: reverse("citizen:data-download"), citizen_only(200),
             events=citizen_events(AuditAction.CITIZEN_DATA_DOWNLOAD, with_study_rights=True)),
    ],
    "citizen:access-log": [
        Case("GET", lambda world: reverse("citizen:access-log"), citizen_only(200),
             events=citizen_events(AuditAction.CITIZEN_ACCESS_LOG_VIEW)),
    ],
    **{
        name: [
            Case("GET", public_link_url(name, revoked=True), every_role(404), events=no_events, name="revoked"),
            Case("GET", lambda world, name=name: reverse(name, args=["A" * 43]), every_role(404), events=no_events,
                 name="unknown"),
        ]
        for name in ("public:share", "public:share-json", "public:share-pdf")
    },
    "public:qualification-description": [Case("GET", qualification_description_url, every_role(200), events=no_events)],
    "public:accessibility-statement": [
        Case("GET", lambda world: reverse("public:accessibility-statement"), every_role(200), events=no_events),
    ],
}


OTHER_ROWS = {
    "home": [Case("GET", lambda world: reverse("home"), every_role(200), events=no_events)],
    "set_language": [
        Case("POST", lambda world: reverse("set_language"), every_role(302), kind=WRITE, data=lambda world: {"language": "en"}),
    ],
    # Only a machine client's own ID and secret get a token; user names, passwords, sessions and tokens do not.
    "oauth2_provider:token": [
        Case("POST", lambda world: reverse("oauth2_provider:token"), OAUTH2_CLIENTS, kind=WRITE,
             data=lambda world: {"grant_type": "client_credentials"}, headers=client_credentials,
             changed_by=(SERVICE_TOKEN, AUTHORITY)),
    ],
    # RFC 7009: a client that authenticates gets 200 whether or not the token was its own.
    "oauth2_provider:revoke-token": [
        Case("POST", lambda world: reverse("oauth2_provider:revoke-token"), OAUTH2_CLIENTS, kind=WRITE,
             data=lambda world: {"token": spare_token(world)}, headers=client_credentials, changed_by=(SERVICE_TOKEN,)),
    ],
    "citizen:own-record": [
        Case("GET", lambda world: reverse("citizen:own-record"),
             statuses(**{role: 302 for role in ROLES if role != CITIZEN}, citizen=200),
             events=lambda world, role: [(AuditAction.CITIZEN_OWN_RECORD_VIEW, world.person("learner_a").oid, "")]),
    ],
    # Without TOR_TEST_IDENTIFICATION, as in production, Suomi.fi is not connected yet and the test page does not exist.
    "citizen:login": [Case("GET", lambda world: reverse("citizen:login"), every_role(503), events=no_events)],
    "citizen:test-identification": [
        Case("GET", lambda world: reverse("citizen:test-identification"), every_role(404), events=no_events),
        Case("POST", lambda world: reverse("citizen:test-identification"), every_role(404), kind=WRITE,
             data=lambda world: {"learner": world.person("learner_b").oid}),
    ],
    "citizen:logout": [
        Case("POST", lambda world: reverse("citizen:logout"), every_role(302), kind=WRITE, data=lambda world: {}),
    ],
    **CITIZEN_ROWS,
}


def build_table():
    """Return {pattern key: [Case, …]} for every pattern that has a row."""
    table = {}
    for namespace in API_PREFIXES:
        table.update(api_rows(namespace))
    for label, pages in MODEL_PAGES.items():
        table.update(model_rows(label, pages))
    table["admin:registry_studyright_changelist"].append(invalidation_action_case())
    table["admin:registry_studyright_changelist"].append(detachment_action_case())
    table.update(admin_rows())
    table.update(OTHER_ROWS)
    from .ops import OPS_ROWS

    table.update(OPS_ROWS)
    from .disclosure import disclosure_rows

    table.update(disclosure_rows())
    return table


TABLE = build_table()
