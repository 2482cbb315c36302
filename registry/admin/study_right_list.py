"""The study right list: code names for its columns and its filters by type, state and institution.

Every filter and column costs a fixed number of queries, whatever the number of rows.
"""

import hashlib
import json

from django.contrib import admin
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Code
from ..models.fields import localised
from ..selectors.admin import institutions_with_study_rights
from ..transfer_format.presentation import STUDY_RIGHT_STATE_CODE_SET, STUDY_RIGHT_TYPE_CODE_SET
from ..transfer_format.structure import SUPPORTED_TYPES


def _code_name(code_set_uri, column):
    return Subquery(Code.objects.filter(code_set_uri=code_set_uri, value=OuterRef(column)).values("name")[:1])


def study_right_list_queryset(queryset):
    """Annotate study rights with `type_names` and `state_names`, the names of their type and state codes."""
    return queryset.annotate(
        type_names=_code_name(STUDY_RIGHT_TYPE_CODE_SET, "type"),
        state_names=_code_name(STUDY_RIGHT_STATE_CODE_SET, "state"),
    )


def type_name(study_right):
    return localised(getattr(study_right, "type_names", None), get_language()) or study_right.type


def state_name(study_right):
    return localised(getattr(study_right, "state_names", None), get_language()) or study_right.state


class CodeListFilter(admin.SimpleListFilter):
    """Filter a code column by the codes of one code set, listed by name."""

    code_set_uri = None

    def code_values(self):
        """Return the values to offer, or None for every code of the code set."""
        return None

    def lookups(self, request, model_admin):
        codes = Code.objects.filter(code_set_uri=self.code_set_uri)
        values = self.code_values()
        if values is not None:
            codes = codes.filter(value__in=values)
        language = get_language()
        choices = [(code.value, localised(code.name, language) or code.value) for code in codes]
        return sorted(choices, key=lambda choice: choice[1].casefold())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.parameter_name: self.value()})
        return queryset


class TypeFilter(CodeListFilter):
    title = _("type")
    parameter_name = "type"
    code_set_uri = STUDY_RIGHT_TYPE_CODE_SET

    def code_values(self):
        return SUPPORTED_TYPES


class StateFilter(CodeListFilter):
    title = _("state")
    parameter_name = "state"
    code_set_uri = STUDY_RIGHT_STATE_CODE_SET


# Rows counted exactly in a list. Above this, the paginator takes PostgreSQL's estimate.
EXACT_COUNT_LIMIT = 10_000
# Seconds that a user's institution filter choices are kept: finding them reads the user's whole scope.
INSTITUTION_CHOICES_SECONDS = 300


class EstimatedCountPaginator(Paginator):
    """Count rows exactly up to EXACT_COUNT_LIMIT, and above it take the query planner's estimate; read a page by its ids.

    Counting a provider's 100,000 study rights exactly reads all of them on every page. Above
    the limit any page number is served, because the estimate may fall short of the real count.
    NOTE: above the limit the page links are estimated, so the last ones may lead to empty pages.

    A page's ids come first from a query of the ids alone, which PostgreSQL runs as an index-only
    scan of `study_right_recent` without reading the rows before the page. Then only the page's
    own rows are read whole. An OFFSET of the full query would read every skipped row.
    """

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def validate_number(self, number):
        if self.count <= EXACT_COUNT_LIMIT:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return super().count
        rows = self.object_list.order_by().values("pk")
        exact = rows[:EXACT_COUNT_LIMIT + 1].count()
        if exact <= EXACT_COUNT_LIMIT or connections[rows.db].vendor != "postgresql":
            return exact if exact <= EXACT_COUNT_LIMIT else rows.count()
        plan = json.loads(rows.explain(format="json"))
        return max(exact, int(plan[0]["Plan"]["Plan Rows"]))


def institution_choices(user):
    """Return (id, name) of the institutions of the study rights `user` may read, kept in the cache for a while.

    The cache key contains the user's scopes and the language, so a changed right never shows the choices of the old one.
    NOTE: an institution's first study right shows in the choices only after INSTITUTION_CHOICES_SECONDS.
    """
    scopes = "all" if permissions.is_registry_administrator(user) else permissions.granted_scopes(user, permissions.READ)
    scopes_digest = hashlib.sha256(repr(scopes).encode()).hexdigest()[:16]
    key = f"admin-institution-choices:{user.pk}:{get_language()}:{scopes_digest}"
    choices = cache.get(key)
    if choices is None:
        choices = [(str(organisation.pk), organisation.display_name) for organisation in institutions_with_study_rights(user)]
        cache.set(key, choices, INSTITUTION_CHOICES_SECONDS)
    return choices


class InstitutionFilter(admin.SimpleListFilter):
    """Filter by institution, offering only institutions of study rights that the user may read."""

    title = _("institution")
    parameter_name = "institution"

    def lookups(self, request, model_admin):
        return institution_choices(request.user)

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(institution_id=int(value))
        return queryset
