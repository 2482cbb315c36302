"""The catalogue of error keys that the register returns, each with its HTTP status and message.

Keys follow the national service's hierarchical scheme (`badRequest.validation.…`, `forbidden.…`)
and reuse its keys wherever it has one, so provider systems keep their error handling. Messages
are English msgids translated to Finnish and Swedish; they name the value at fault and what to
do. `docs/error-keys.md` is generated from this module (`manage.py error_catalogue`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

CATALOGUE = {}


@dataclass(frozen=True)
class ErrorKey:
    key: str
    status: int
    message: str
    meaning: str

    def __call__(self, path=None, **params):
        return Error(self, path=path, params=params)


def _key(key, status, message, meaning=None):
    if meaning is None and "%(" in str(message):
        raise ValueError(f"Error key {key} needs a meaning without placeholders for the catalogue.")
    entry = ErrorKey(key, status, message, meaning or message)
    if key in CATALOGUE:
        raise ValueError(f"Error key {key} is defined twice.")
    CATALOGUE[key] = entry
    return entry


@dataclass
class Error:
    """One error about one place of the request: a key, the values that fill its message, a path."""

    key: ErrorKey
    path: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def status(self):
        return self.key.status

    def message(self):
        """Return the message in the active language, filled with the path and parameters."""
        return str(self.key.message) % _Parameters(path=self.path or "", **self.params)

    def as_json(self):
        return {"key": self.key.key, "message": self.message()}


class _Parameters(dict):
    def __missing__(self, name):
        return ""


class RegisterError(Exception):
    """One or more errors that reject a request; nothing of the request is stored."""

    def __init__(self, errors):
        self.errors = list(errors) if isinstance(errors, (list, tuple)) else [errors]
        super().__init__("; ".join(error.key.key for error in self.errors))

    @property
    def status(self):
        return most_severe_status(self.errors)


def most_severe_status(errors):
    """Return the status of the most severe error: server errors, then 4xx by descending code."""
    return max(error.status for error in errors)


# --- 400: malformed requests ---------------------------------------------------------------------

FORMAT_JSON = _key(
    "badRequest.format.json", 400,
    _("The body is not valid JSON: %(detail)s. Send one JSON document encoded in UTF-8."),
    _("The body could not be parsed as JSON."),
)
FORMAT_ENCODING = _key(
    "badRequest.format.encoding", 400,
    _("The body is not valid UTF-8 at byte %(position)s. Encode the document in UTF-8."),
    _("The body is not UTF-8."),
)
FORMAT_DEPTH = _key(
    "badRequest.format.depth", 400,
    _("The document is nested deeper than %(limit)s levels. Real transfer documents are much flatter: check the generator."),
    _("The document nests objects and lists deeper than the limit."),
)
FORMAT_DATE = _key(
    "badRequest.format.date", 400,
    _("%(path)s: %(value)s is not a valid date. Use the form YYYY-MM-DD with a real calendar date."),
    _("A date is not a valid calendar date in the form YYYY-MM-DD."),
)
QUERY_LEARNER_OID = _key(
    "badRequest.queryParam.virheellinenHenkilöOid", 400,
    _("%(value)s is not a learner OID. A learner OID looks like 1.2.246.562.24.00000000001."),
    _("The learner OID in the address is malformed."),
)
QUERY_STUDY_RIGHT_OID = _key(
    "badRequest.queryParam.virheellinenOpiskeluoikeusOid", 400,
    _("%(value)s is not a study right OID. A study right OID looks like 1.2.246.562.15.00000000001."),
    _("The study right OID in the address is malformed."),
)

# --- 400: validation ----------------------------------------------------------------------------

JSON_SCHEMA = _key(
    "badRequest.validation.jsonSchema", 400,
    _("%(path)s: %(problem)s"),
    _("The document does not follow the transfer format: a field is missing, unknown or of the wrong type, or a code, code set or state is not allowed for its field."),
)
EMPTY_STUDY_RIGHT_LIST = _key(
    "badRequest.validation.tyhjäOpiskeluoikeusLista", 400,
    _("opiskeluoikeudet is empty. Send at least one study right."),
)
UNSUPPORTED_TYPE = _key(
    "badRequest.validation.opiskeluoikeudenTyyppiEiTuettu", 400,
    _("%(path)s: the register does not accept study rights of type %(value)s yet. Supported types: %(supported)s."),
    _("The study right's type is not supported yet."),
)
INVALID_IDENTITY_CODE = _key(
    "badRequest.validation.henkilötiedot.hetu", 400,
    _("%(path)s: the personal identity code is invalid (%(reason)s). Check the date, the century sign and the check character."),
    _("The personal identity code is invalid."),
)
INCOMPLETE_PERSON = _key(
    "badRequest.validation.henkilötiedot.puutteelliset", 400,
    _("%(path)s: %(problem)s"),
    _("The person cannot be identified or created from the data given."),
)
UNKNOWN_CODE = _key(
    "badRequest.validation.koodisto.tuntematonKoodi", 400,
    _("%(path)s: code %(value)s is not in code set %(code_set)s. Use a code of that code set."),
    _("A code is not found in its code set."),
)
UNKNOWN_ORGANISATION = _key(
    "badRequest.validation.organisaatio.tuntematon", 400,
    _("%(path)s: no organisation has the OID %(value)s. Use an OID of the organisation service."),
    _("An organisation OID is not found in the organisation data."),
)
INSTITUTION_MISSING = _key(
    "badRequest.validation.organisaatio.oppilaitosPuuttuu", 400,
    _("%(path)s: the study right names no institution and no unit to find it from. Send oppilaitos."),
    _("The institution of the study right is missing."),
)
PROVIDER_UNKNOWN = _key(
    "badRequest.validation.organisaatio.koulutustoimijaPakollinen", 400,
    _("%(path)s: the education provider cannot be found from the organisation hierarchy of %(value)s. Send koulutustoimija."),
    _("The education provider is not sent and cannot be inferred."),
)
PARENT_STUDY_RIGHT_NOT_FOUND = _key(
    "badRequest.validation.sisältäväOpiskeluoikeus.eiLöydy", 400,
    _("%(path)s: the register holds no study right %(value)s to include this one in. Check the OID with the other provider."),
    _("The study right named in sisältyyOpiskeluoikeuteen does not exist."),
)
UNKNOWN_DIARY_NUMBER = _key(
    "badRequest.validation.rakenne.tuntematonDiaari", 400,
    _("%(path)s: no qualification description has the diary number %(value)s. Check the diary number in ePerusteet."),
    _("The diary number names no known qualification description."),
)

# --- 401, 403, 404 ------------------------------------------------------------------------------

NOT_AUTHENTICATED = _key(
    "unauthorized.notAuthenticated", 401,
    _("Authentication is required. Log in or send credentials with the request."),
)
LOGIN_FAILED = _key(
    "unauthorized.loginFail", 401,
    _("Login failed: the user name or password is wrong, or the account is inactive."),
)
FORBIDDEN = _key(
    "forbidden.kiellettyKäyttöoikeus", 403,
    _("You do not have the rights for this operation. Ask the registry administrator for the right."),
    _("The caller's rights do not allow the operation."),
)
FORBIDDEN_ORGANISATION = _key(
    "forbidden.organisaatio", 403,
    _("%(path)s: you have no right to write study rights of organisation %(value)s. Ask the registry administrator for the right."),
    _("The caller has no right to the organisation."),
)
FORBIDDEN_TYPE = _key(
    "forbidden.opiskeluoikeudenTyyppi", 403,
    _("%(path)s: you have no right to write study rights of type %(value)s. %(hint)s"),
    _("The caller has no right to the study right's type."),
)
FORBIDDEN_CHANGE = _key(
    "forbidden.kiellettyMuutos", 403,
    _("%(path)s: %(field)s of a stored study right cannot be changed (stored %(stored)s, sent %(value)s). Invalidate the study right and create a new one."),
    _("The change would alter a field of the study right that is fixed after creation."),
)
FORBIDDEN_LEARNER_CHANGE = _key(
    "forbidden.oppijaOidinMuutos", 403,
    _("%(path)s: study right %(value)s belongs to another learner. Send it under its own learner."),
    _("The study right OID belongs to another learner."),
)
NOT_FOUND = _key(
    "notFound", 404,
    _("Nothing is found at this address. Check the address against the API documentation."),
)
LEARNER_NOT_FOUND = _key(
    "notFound.oppijaaEiLöydy", 404,
    _("%(path)s: no learner has the OID %(value)s. Send the learner's identity code and names to create the learner."),
    _("No learner has the OID."),
)
LEARNER_NOT_FOUND_OR_FORBIDDEN = _key(
    "notFound.oppijaaEiLöydyTaiEiOikeuksia", 404,
    _("No learner %(value)s is found, or you have no right to see the learner's data."),
    _("No learner has the OID, or the caller may see none of their study rights."),
)
STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN = _key(
    "notFound.opiskeluoikeuttaEiLöydyTaiEiOikeuksia", 404,
    _("%(path)s: no study right %(value)s is found, or you have no right to it. Leave oid out to create a new study right."),
    _("No study right has the OID, or the caller has no right to it."),
)
METHOD_NOT_ALLOWED = _key(
    "methodNotAllowed", 405,
    _("Method %(value)s is not allowed at this address. Allowed: %(allowed)s."),
    _("The address does not accept the HTTP method."),
)

# --- 409, 413, 415, 429, 500 --------------------------------------------------------------------

CONFLICT_EXISTS = _key(
    "conflict.exists", 409,
    _("%(path)s: the learner already has this study right (%(value)s). Send its oid or lähdejärjestelmänId to update it."),
    _("An equivalent study right already exists."),
)
CONFLICT_VERSION = _key(
    "conflict.versionumero", 409,
    _("%(path)s: version %(value)s is not the latest version %(latest)s of the study right. Read the latest version and apply your change to it."),
    _("The version number sent is not the latest."),
)
CONFLICT_IDENTITY_CODE = _key(
    "conflict.hetu", 409,
    _("%(path)s: the personal identity code belongs to learner %(value)s, not to the OID sent. Check the learner's OID."),
    _("The identity code belongs to another learner than the OID sent."),
)
CONFLICT_AMBIGUOUS = _key(
    "conflict.löytyiEnemmänKuinYksiRivi", 409,
    _("%(path)s: several stored study rights match (%(value)s). Send the oid of the one to update."),
    _("Several stored study rights match the document."),
)
PAYLOAD_TOO_LARGE = _key(
    "payloadTooLarge", 413,
    _("The body is %(size)s bytes, over the limit of %(limit)s bytes. Send fewer learners per request."),
    _("The body is over the size limit."),
)
UNSUPPORTED_MEDIA_TYPE = _key(
    "unsupportedMediaType.jsonOnly", 415,
    _("Content type %(value)s is not accepted: send application/json in UTF-8."),
    _("The body is not sent as application/json."),
)
THROTTLED = _key(
    "tooManyRequests", 429,
    _("Too many requests. Try again in %(wait)s seconds."),
    _("The caller has sent too many requests."),
)
INTERNAL_ERROR = _key(
    "internalError", 500,
    _("The register failed to handle the request. Nothing was stored. Try again later; if it recurs, report request %(request_id)s."),
    _("The register failed; nothing was stored."),
)

# --- Lifecycle of study rights: invalidation, removal of achievements, versions, batches --------

FORBIDDEN_INVALIDATION = _key(
    "forbidden.mitätöinti", 403,
    _("%(path)s: you have no right to invalidate study rights of organisation %(value)s. Ask the registry administrator for the right."),
    _("The caller has no right to invalidate the study right."),
)
NEW_STUDY_RIGHT_INVALIDATED = _key(
    "badRequest.validation.tila.uudenOpiskeluoikeudenTallennusMitäöitynäEiSallittu", 400,
    _("%(path)s: a new study right cannot be stored invalidated. Leave out the period with state mitatoity."),
    _("A new study right was sent already invalidated."),
)
ONLY_TOP_LEVEL_ACHIEVEMENT = _key(
    "forbidden.ainoanPäätasonSuorituksenPoisto", 403,
    _("%(path)s: the study right %(value)s has no other top-level achievement. Invalidate the study right instead."),
    _("The only top-level achievement of a study right cannot be removed."),
)
ACHIEVEMENT_NOT_FOUND = _key(
    "notFound.suoritustaEiLöydy", 404,
    _("%(path)s: study right %(value)s has no top-level achievement of type %(kind)s with module %(module)s. Read the study right and send one of its achievements."),
    _("The study right has no such top-level achievement."),
)
VERSION_NOT_FOUND = _key(
    "notFound.versiotaEiLöydy", 404,
    _("Study right %(value)s has no version %(version)s. Its latest version is %(latest)s."),
    _("The study right has no such version."),
)
BATCH_NOT_A_LIST = _key(
    "badRequest.validation.batch", 400,
    _("The batch body must be a JSON list of learner documents; got %(value)s."),
    _("The body of a batch is not a list."),
)

# --- Semantic rules of the validate step: dates, states, qualification structure ---------------

END_BEFORE_START = _key(
    "badRequest.validation.date.päättymisPäiväEnnenAlkamispäivää", 400,
    _("%(path)s: the end date %(value)s is before the start date %(start)s. Correct the dates of the study right's periods."),
    _("The study right ends before it starts."),
)
ESTIMATED_END_BEFORE_START = _key(
    "badRequest.validation.date.arvioituPäättymisPäiväEnnenAlkamispäivää", 400,
    _("%(path)s: the estimated end date %(value)s is before the start date %(start)s. Send an estimated end date on or after the start."),
    _("The estimated end date of the study right is before its start."),
)
PERIODS_OUT_OF_ORDER = _key(
    "badRequest.validation.date.opiskeluoikeusjaksojenPäivämäärät", 400,
    _("%(path)s: the period starts on %(value)s, not after the previous period (%(previous)s). List the periods in date order; only an invalidation (mitatoity) may start on the same day as the period before it."),
    _("The study right's periods are not in date order."),
)
ASSESSMENT_BEFORE_START = _key(
    "badRequest.validation.date.arviointiEnnenAlkamispäivää", 400,
    _("%(path)s: the assessment date %(value)s is before the achievement's start date %(start)s. Correct the assessment date or the achievement's alkamispäivä."),
    _("An assessment is dated before the start of its achievement."),
)
VERIFICATION_BEFORE_ASSESSMENT = _key(
    "badRequest.validation.date.vahvistusEnnenArviointia", 400,
    _("%(path)s: the verification date %(value)s is before the achievement's latest assessment (%(assessed)s). Verify the achievement on or after its last assessment."),
    _("An achievement is verified before its latest assessment."),
)
VERIFICATION_BEFORE_START = _key(
    "badRequest.validation.date.vahvistusEnnenAlkamispäivää", 400,
    _("%(path)s: the verification date %(value)s is before the achievement's start date %(start)s. Correct the verification date or the achievement's alkamispäivä."),
    _("An achievement is verified before it starts."),
)
PART_VERIFIED_AFTER_PARENT = _key(
    "badRequest.validation.date.suorituksenVahvistusEnnenSuorituksenOsanVahvistusta", 400,
    _("%(path)s: the part is verified on %(value)s, after %(parent)s, the achievement it belongs to, which is verified on %(parent_date)s. Verify a part on or before the achievement above it."),
    _("A part is verified after the achievement it belongs to."),
)
END_BEFORE_VERIFICATION = _key(
    "badRequest.validation.date.päättymispäiväEnnenVahvistusta", 400,
    _("%(path)s: the verification date %(value)s is after the study right's end date %(end)s. Verify the achievement on or before the end date, or correct the end."),
    _("The study right ends before an achievement of it is verified."),
)
STATE_AFTER_TERMINAL = _key(
    "badRequest.validation.tila.tilaMuuttunutLopullisenTilanJälkeen", 400,
    _("%(path)s: the state %(value)s follows the state %(terminal)s, which ended the study right. Leave out the periods after the ending state, or correct it."),
    _("A period follows the period that ended the study right."),
)
SEVERAL_TERMINAL_STATES = _key(
    "badRequest.validation.tila.montaPäättävääTilaa", 400,
    _("%(path)s: the study right has several ending states (%(value)s). Send one ending state; only an invalidation (mitatoity) may follow it."),
    _("The study right has more than one ending state."),
)
VERIFICATION_MISSING = _key(
    "badRequest.validation.tila.vahvistusPuuttuu", 400,
    _("%(path)s: the study right is in state valmistunut, but its top-level achievement %(value)s is not verified. Send the achievement's vahvistus, or correct the state."),
    _("The study right is completed (valmistunut) but a top-level achievement has no verification."),
)
ACHIEVEMENT_MISSING = _key(
    "badRequest.validation.tila.suoritusPuuttuu", 400,
    _("%(path)s: the study right is in state valmistunut, but it has no achievement other than %(value)s. Send the completed syllabus, or correct the state."),
    _("The study right is completed (valmistunut) but lacks the achievement that completes it."),
)
ASSESSED_PART_MISSING = _key(
    "badRequest.validation.tila.osasuoritusPuuttuu", 400,
    _("%(path)s: the study right is in state valmistunut, but %(value)s has no assessed subject. Send the assessed subjects, or correct the state."),
    _("The study right is completed (valmistunut) but its subject studies have no assessed subject."),
)
INCOMPLETE_PART = _key(
    "badRequest.validation.tila.keskeneräinenOsasuoritus", 400,
    _("%(path)s: the part %(value)s has no assessment, but %(completed)s above it is completed. Send the part's arviointi, leave the part out, or leave out the completion."),
    _("A completed (verified or assessed) achievement has a part that needs an assessment and has none."),
)
VERIFIED_WITHOUT_ASSESSMENT = _key(
    "badRequest.validation.tila.vahvistusIlmanArviointia", 400,
    _("%(path)s: the achievement %(value)s is verified but has no assessment. Send its arviointi, or leave out the verification."),
    _("An achievement that is assessed on its own is verified without an assessment."),
)
FUNDING_MISSING = _key(
    "badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto", 400,
    _("%(path)s: the period with state %(value)s has no funding. Send opintojenRahoitus on every %(states)s period of a study right of type %(kind)s."),
    _("A period of the study right lacks the funding (opintojenRahoitus) its state requires."),
)
DESCRIPTION_NOT_VALID = _key(
    "badRequest.validation.rakenne.perusteEiVoimassa", 400,
    _("%(path)s: the qualification description %(value)s is not valid on %(date)s, even in its transition period. Use the description valid on the study right's end date, or today while the study right is open."),
    _("The qualification description is not valid on the study right's end date (or today, while it is open)."),
)
UNKNOWN_UNIT = _key(
    "badRequest.validation.rakenne.tuntematonTutkinnonOsa", 400,
    _("%(path)s: the qualification unit %(value)s is not in the description %(diary_number)s (completion method %(method)s). Use a unit of that description, or name the qualification the unit belongs to in tutkinto."),
    _("A qualification unit is not in the qualification's description."),
)
UNKNOWN_COMPETENCE_AREA = _key(
    "badRequest.validation.rakenne.tuntematonOsaamisala", 400,
    _("%(path)s: the competence area %(value)s is not in the description %(diary_number)s. Use a competence area of that description."),
    _("A competence area is not in the qualification's description."),
)
UNKNOWN_TITLE = _key(
    "badRequest.validation.rakenne.tuntematonTutkintonimike", 400,
    _("%(path)s: the qualification title %(value)s is not in the description %(diary_number)s. Use a title of that description."),
    _("A qualification title is not in the qualification's description."),
)
DUPLICATE_PART = _key(
    "badRequest.validation.rakenne.duplikaattiOsasuoritus", 400,
    _("%(path)s: the unit %(value)s is already at %(other)s, in the same group %(group)s of the same qualification. Send each unit once per group."),
    _("The same qualification unit appears twice in one group of a qualification."),
)
SCOPE_UNIT_MISMATCH = _key(
    "badRequest.validation.laajuudet.osasuorituksellaEriLaajuusyksikkö", 400,
    _("%(path)s: the part's scope unit %(value)s differs from the unit %(parent_unit)s of the achievement it belongs to. Give the part's scope in the unit of the achievement above it."),
    _("A part's scope is in another unit than its parent's."),
)
SEVERAL_GRADE_SCALES = _key(
    "badRequest.validation.arviointi.useitaArviointiAsteikoita", 400,
    _("%(path)s: the parts of the qualification use several numeric grade scales (%(value)s). Assess the parts of one vocational qualification on one numeric scale."),
    _("The parts of one vocational qualification use more than one numeric grade scale."),
)

# --- Rights: service users and sensitive data --------------------------------------------------

SOURCE_ID_MISSING = _key(
    "forbidden.lähdejärjestelmäIdPuuttuu", 403,
    _("%(path)s: a service user must send lähdejärjestelmänId with the source system and the record's id in it."),
    _("A service user sent a study right without lähdejärjestelmänId."),
)
WRONG_SOURCE_SYSTEM = _key(
    "forbidden.vääräLähdejärjestelmä", 403,
    _("%(path)s: this service user writes from source system %(allowed)s, not %(value)s. Send the source system it was granted, or ask the registry administrator to change the grant."),
    _("A service user sent a source system it was not granted."),
)
SENSITIVE_CHANGE_FORBIDDEN = _key(
    "forbidden.luottamuksellinenTieto", 403,
    _("%(path)s: you have no right to add or change sensitive data such as special support, disability or accommodation. Leave the field out to keep the stored value, or ask for the sensitive-data right."),
    _("The writer has no right to add or change sensitive data."),
)

# --- Machine clients: OAuth2 access tokens and their scopes --------------------------------------

TOKEN_INVALID = _key(
    "unauthorized.invalidToken", 401,
    _("The access token is unknown, expired or revoked. Get a new token from /oauth2/token/ with the client's credentials."),
    _("The OAuth2 access token is unknown, expired or revoked."),
)
CLIENT_INACTIVE = _key(
    "unauthorized.clientInactive", 401,
    _("The API client of this access token is deactivated. Ask the registry administrator to activate it."),
    _("The OAuth2 access token belongs to a deactivated API client."),
)
INSUFFICIENT_SCOPE = _key(
    "forbidden.insufficientScope", 403,
    _("The access token does not have scope %(value)s, which this request needs. Request a token with that scope; a client gets only the scopes the registry administrator granted it."),
    _("The OAuth2 access token lacks the scope the request needs."),
)
LOGIN_LOCKED = _key(
    "unauthorized.loginLocked", 401,
    _("Too many failed logins with this user name from your address: logging in is blocked for a while. Check the credentials, wait %(minutes)s minutes and try again."),
    _("Too many failed HTTP Basic logins with the user name from the caller's address; logging in is blocked for a while."),
)

# --- Study rights that come only from other national registers ------------------------------------

READ_ONLY_TYPE = _key(
    "forbidden.readOnly", 403,
    _("%(path)s: study rights of type %(value)s come from %(source)s and cannot be written through the API. Correct the record in %(source)s, and the register imports the correction from there."),
    _("The study right's type is imported from another national register and cannot be written through the API, whoever the caller is."),
)

# --- Disclosure API for authorities: agreements, lookups, change feed, datasets, aggregates ----------

DISCLOSURE_NO_AGREEMENT = _key(
    "forbidden.luovutus.eiSopimusta", 403,
    _("Only an authority's API client bound to a data-sharing agreement may use the disclosure API. Ask the registry administrator for a client."),
    _("The caller is not an authority client bound to a data-sharing agreement."),
)
DISCLOSURE_AGREEMENT_NOT_IN_FORCE = _key(
    "forbidden.luovutus.sopimusEiVoimassa", 403,
    _("The data-sharing agreement %(value)s is not in force: its status is %(status)s and it is valid from %(valid_from)s. Ask the registry administrator to activate it."),
    _("The agreement is a draft or its validity has not started."),
)
DISCLOSURE_AGREEMENT_SUSPENDED = _key(
    "forbidden.luovutus.sopimusKeskeytetty", 403,
    _("The data-sharing agreement %(value)s is suspended: no data is disclosed under it until the registry administrator resumes it."),
    _("The agreement is suspended."),
)
DISCLOSURE_AGREEMENT_ENDED = _key(
    "forbidden.luovutus.sopimusPäättynyt", 403,
    _("The data-sharing agreement %(value)s has ended (valid until %(valid_to)s). A new agreement is needed to receive data."),
    _("The agreement has ended or its validity period is over."),
)
DISCLOSURE_MODE_NOT_ALLOWED = _key(
    "forbidden.luovutus.käyttötapa", 403,
    _("The data-sharing agreement %(value)s does not allow %(mode)s. Allowed: %(allowed)s."),
    _("The agreement does not allow this access mode."),
)
DISCLOSURE_LOOKUP_MALFORMED = _key(
    "badRequest.luovutus.virheellinenHaku", 400,
    _("%(path)s: %(problem)s. Send {\"oppijat\": [{\"hetu\": …} or {\"oid\": …}, …]}."),
    _("The lookup body is not a list of learners, each named by one identity code or learner OID."),
)
DISCLOSURE_TOO_MANY_LEARNERS = _key(
    "badRequest.luovutus.liianMontaOppijaa", 400,
    _("The lookup names %(value)s learners, over the agreement's limit of %(limit)s. Split it into several requests."),
    _("The lookup names more learners than the agreement allows in one request."),
)
DISCLOSURE_CURSOR_INVALID = _key(
    "badRequest.luovutus.virheellinenKursori", 400,
    _("%(value)s is not a cursor of the change feed. Send the kursori of the previous page, or leave it out to start from the beginning."),
    _("The change feed's cursor is malformed."),
)
DISCLOSURE_PAGE_SIZE_INVALID = _key(
    "badRequest.luovutus.virheellinenMäärä", 400,
    _("maara must be a whole number from 1 to %(limit)s; got %(value)s."),
    _("The page size of the change feed is out of range."),
)
DISCLOSURE_DATASET_FORMAT = _key(
    "badRequest.luovutus.virheellinenMuoto", 400,
    _("The dataset request %(value)s is invalid. Send {\"muoto\": …} with one of: %(allowed)s."),
    _("The dataset request names no supported file format."),
)
DISCLOSURE_AGGREGATE_INVALID = _key(
    "badRequest.luovutus.virheellinenTilasto", 400,
    _("%(path)s: %(problem)s"),
    _("The subject, grouping or years of an aggregate request are invalid."),
)
DISCLOSURE_DATASET_NOT_FOUND = _key(
    "notFound.luovutus.aineistoaEiLöydy", 404,
    _("No bulk dataset %(value)s is found under your agreement. List your datasets at /api/v1/luovutus/aineistot."),
    _("No dataset has the id under the caller's agreement."),
)
DISCLOSURE_DATASET_NOT_READY = _key(
    "conflict.luovutus.aineistoKesken", 409,
    _("The bulk dataset %(value)s is %(status)s, not completed. Poll its status and download it when it is completed."),
    _("The dataset's file is not ready, or the job failed."),
)
DISCLOSURE_DATASET_EXPIRED = _key(
    "gone.luovutus.aineistoVanhentunut", 410,
    _("The bulk dataset %(value)s expired on %(expired)s and its file is deleted. Request a new dataset."),
    _("The dataset's retention time is over and its file is deleted."),
)
DISCLOSURE_LINK_INVALID = _key(
    "forbidden.luovutus.latauslinkki", 403,
    _("The download link is invalid or expired. Read the dataset's status again for a new link."),
    _("The dataset's download link is forged, for another dataset, or past its expiry."),
)
DISCLOSURE_DATASET_LIMIT = _key(
    "tooManyRequests.luovutus.aineistoja", 429,
    _("The agreement allows %(limit)s bulk datasets in 24 hours, and that many were requested. Try again in %(wait)s seconds."),
    _("The agreement's daily limit of bulk datasets is used up."),
)

# --- Learner identities, detachment from source systems, institution changes, national import ------

DETACHMENT_NOT_ALLOWED = _key(
    "forbidden.lähdejärjestelmäkytkennänPurkaminenEiSallittu", 403,
    _("%(path)s: %(problem)s"),
    _("The study right cannot be detached from its source system, or a transfer tried to detach it."),
)
DETACHMENT_CHANGE_NOT_ALLOWED = _key(
    "forbidden.lähdejärjestelmäkytkennänMuuttaminenEiSallittu", 403,
    _("%(path)s: study right %(value)s was detached from its source system on %(detached)s and is edited in the admin now. The source system cannot write it, nor can a write change or remove the detachment."),
    _("The study right is detached from its source system: the source system may no longer write it, and the detachment cannot be changed."),
)
DETACHED_REOPENED = _key(
    "badRequest.validation.tila.terminaalitilaaEiSaaPurkaa", 400,
    _("%(path)s: the study right is detached from its source system, so its ending state %(value)s can only be changed to another ending state."),
    _("A study right detached from its source system must stay in an ending state."),
)
INSTITUTION_CHANGE_NOT_ALLOWED = _key(
    "badRequest.validation.organisaatio.oppilaitoksenVaihto", 400,
    _("%(path)s: the study right cannot move from institution %(stored)s to %(value)s. A move within one education provider is allowed when the institutions merged, when the old institution has closed and the new one is active, or when registry staff have allowed the pair."),
    _("The study right's institution cannot be changed to the one sent."),
)
VERSION_NOT_HELD = _key(
    "notFound.versiotaEiTallessa", 404,
    _("Study right %(value)s came from the national service with its history from version %(first)s on, so version %(version)s is not held. Read version %(first)s or later."),
    _("The study right was imported without its earlier versions, so the register does not hold the version asked for."),
)
MERGE_INTO_ITSELF = _key(
    "badRequest.oppijat.yhdistäminenItseensä", 400,
    _("%(path)s: learner %(value)s cannot be merged into itself. Choose another learner as the master."),
    _("A learner cannot be merged into itself."),
)
MERGE_ALREADY_MERGED = _key(
    "conflict.oppijat.joYhdistetty", 409,
    _("%(path)s: learner %(value)s is already merged into %(master)s. Undo that merge first."),
    _("The duplicate learner is already merged into another learner."),
)
MERGE_MASTER_MERGED = _key(
    "conflict.oppijat.pääoppijaYhdistetty", 409,
    _("%(path)s: learner %(value)s is itself merged into %(master)s. Merge into %(master)s instead."),
    _("The learner chosen as master is itself merged into another learner."),
)
MERGE_MASTER_INTO_DUPLICATE = _key(
    "conflict.oppijat.yhdistäminenKehään", 409,
    _("%(path)s: learner %(value)s is merged into %(duplicate)s, so %(duplicate)s cannot be merged into it. Undo the earlier merge first."),
    _("The merge would make a learner the master of its own master."),
)
MERGE_ALREADY_UNDONE = _key(
    "conflict.oppijat.yhdistäminenJoPeruttu", 409,
    _("The merge of %(value)s into %(master)s was already undone on %(undone)s."),
    _("The merge has already been undone."),
)
IDENTITY_CODE_UNCHANGED = _key(
    "badRequest.validation.henkilötiedot.hetuEiMuuttunut", 400,
    _("%(path)s: learner %(value)s already has this personal identity code."),
    _("The new personal identity code is the learner's current one."),
)

# --- Citizen pages: share links (suoritusjako) and transcripts ------------------------------------

SHARE_LINK_EXPIRY_INVALID = _key(
    "badRequest.suoritusjako.virheellinenVoimassaolo", 400,
    _("%(value)s is not a valid last day for the link. Give a date from today to %(latest)s."),
    _("The last day of a share link is missing, not a date, in the past or more than a year away."),
)
SHARE_LINK_SELECTION_EMPTY = _key(
    "badRequest.suoritusjako.tyhjäValinta", 400,
    _("The link would show nothing. Choose at least one study right or achievement, or all completed qualifications."),
)
SHARE_LINK_SELECTION_INVALID = _key(
    "badRequest.suoritusjako.virheellinenValinta", 400,
    _("%(value)s is not one of your study rights or achievements that can be shared. Choose from the list on the page."),
    _("A share link names a selection mode, study right or achievement that the learner cannot share."),
)
SHARE_LINK_LIMIT = _key(
    "badRequest.suoritusjako.liianMontaJakoa", 400,
    _("You already have %(limit)s active links, the most allowed. Revoke a link you no longer need, then try again."),
    _("The learner already has the maximum number of active share links."),
)
SHARE_LINK_NOT_ACTIVE = _key(
    "badRequest.suoritusjako.eiVoimassa", 400,
    _("The link %(value)s has been revoked or has expired, so its validity cannot be changed. Create a new link instead."),
    _("Only an active share link can be extended."),
)
TRANSCRIPT_NOTHING_TO_PRINT = _key(
    "badRequest.todistus.eiOpiskeluoikeuksia", 400,
    _("The register holds no study rights of yours, so there is nothing to print."),
)

# --- Operations: mutual TLS of authority clients ---------------------------------------------------

CLIENT_CERTIFICATE_UNKNOWN = _key(
    "unauthorized.clientCertificate", 401,
    _("The client certificate with SHA-256 fingerprint %(value)s is not linked to an API client. Ask the registry administrator to link it, or use an access token."),
    _("The TLS proxy verified a client certificate that no API client is linked to."),
)
SYNTHETIC_IDENTITY_CODE = _key(
    "badRequest.validation.henkilötiedot.synteettinenHetu", 400,
    _("%(path)s: personal identity codes with an individual number of 900–999 are for testing only, and this register does not accept them (setting TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES). Send the person's real personal identity code."),
    _("The personal identity code is in the synthetic test range (individual number 900–999), which this register does not accept."),
)
