"""The study right list's paginator, which counts exactly only up to a limit."""

import pytest
from django.core.paginator import EmptyPage

from registry.admin import study_right_list
from registry.admin.study_right_list import EstimatedCountPaginator
from registry.models import StudyRight


def test_paginator_counts_a_small_list_exactly(study_right_a, study_right_b):
    paginator = EstimatedCountPaginator(StudyRight.objects.order_by("pk"), 1)

    assert paginator.count == 2
    with pytest.raises(EmptyPage):
        paginator.page(3)


def test_paginator_above_limit_serves_pages_past_estimate(monkeypatch, study_right_a, study_right_b):
    monkeypatch.setattr(study_right_list, "EXACT_COUNT_LIMIT", 1)
    paginator = EstimatedCountPaginator(StudyRight.objects.order_by("pk"), 1)

    assert paginator.count >= 2
    listed_pks = [row.pk for number in (1, 2) for row in paginator.page(number).object_list]
    assert listed_pks == sorted([study_right_a.pk, study_right_b.pk])
    assert list(paginator.page(paginator.num_pages + 1).object_list) == []
    with pytest.raises(EmptyPage):
        paginator.page(0)
