"""Admin of the register for registry staff and provider officials, one module per model family.

`access` defines who may view and change what, and every model admin builds on its base classes.
"""

from . import (  # noqa: F401
    code_set,
    institution_transition,
    learner,
    learner_merge,
    organisation,
    qualification,
    rights,
    study_right,
    transfer_log,
)
