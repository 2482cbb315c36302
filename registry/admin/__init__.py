"""Admin of the register for registry staff and provider officials, one module per model family.

`access` defines who may view and change what, and every model admin builds on its base classes.
"""

from . import code_set, learner, organisation, qualification, rights, study_right, transfer_log  # noqa: F401
