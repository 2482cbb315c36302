"""Models of the register, one module per aggregate."""

from .achievement import Achievement
from .audit import ActorType, AuditAction, AuditEvent, AuditLink
from .code_set import Code, CodeSet
from .learner import Learner
from .organisation import Organisation, OrganisationKind
from .qualification import QualificationDescription, QualificationUnit
from .role import Role, RoleGrant
from .study_right import StudyRight, StudyRightVersion, VersionSource
from .transfer import TransferAttempt

__all__ = [
    "Achievement",
    "ActorType",
    "AuditAction",
    "AuditEvent",
    "AuditLink",
    "Code",
    "CodeSet",
    "Learner",
    "Organisation",
    "OrganisationKind",
    "QualificationDescription",
    "QualificationUnit",
    "Role",
    "RoleGrant",
    "StudyRight",
    "StudyRightVersion",
    "TransferAttempt",
    "VersionSource",
]
