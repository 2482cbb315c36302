"""Admin of the register for registry staff and provider officials, one module per model family."""

from . import code_set, learner, organisation, qualification, study_right  # noqa: F401
