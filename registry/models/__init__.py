"""Models of the register, one module per aggregate."""

from .achievement import Achievement
from .audit import ActorType, AuditAction, AuditEvent, AuditLink
from .code_set import Code, CodeSet
from .learner import FormerIdentityCode, IdentityCodeChange, Learner, LearnerMerge, LearnerNameChange
from .organisation import InstitutionTransition, InstitutionTransitionKind, Organisation, OrganisationKind
from .qualification import QualificationDescription, QualificationUnit
from .role import Role, RoleGrant
from .share_link import ShareLink, SharePurpose, ShareSelection
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
    "FormerIdentityCode",
    "IdentityCodeChange",
    "InstitutionTransition",
    "InstitutionTransitionKind",
    "Learner",
    "LearnerMerge",
    "LearnerNameChange",
    "Organisation",
    "OrganisationKind",
    "QualificationDescription",
    "QualificationUnit",
    "Role",
    "RoleGrant",
    "ShareLink",
    "SharePurpose",
    "ShareSelection",
    "StudyRight",
    "StudyRightVersion",
    "TransferAttempt",
    "VersionSource",
]
