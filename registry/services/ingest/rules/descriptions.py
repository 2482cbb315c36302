"""The qualification descriptions (tutkinnon perusteet) that one request names, loaded once for the structure rules.

`QualificationDescriptions.load` reads every description of the diary numbers a request names in
one query and the numbers listed in code set `koskikoulutustendiaarinumerot` in another, so the
rules look descriptions up per achievement without further queries.
"""

from collections import defaultdict

from ....models import Code, QualificationDescription

# Diary numbers of older qualifications and curricula that have no description in ePerusteet.
# The national service accepts them as they are, without checking a description's validity.
LISTED_DIARY_NUMBERS_CODE_SET = "koskikoulutustendiaarinumerot"

# The basic education curriculum (perusopetuksen opetussuunnitelman perusteet 2014), which the
# loaded reference data does not hold. NOTE: while it has no description, its number is accepted
# without checks. Once a description with this number is loaded, it is checked like any other.
ACCEPTED_WITHOUT_DESCRIPTION = frozenset({"104/011/2014"})

DESCRIPTION_FIELDS = (
    "diary_number", "education_type", "valid_from", "valid_to", "transition_ends",
    "competence_areas", "titles", "completion_methods",
)


class QualificationDescriptions:
    """Descriptions by diary number, and the diary numbers that are valid without a description."""

    def __init__(self, by_diary_number=None, listed=frozenset()):
        self.by_diary_number = by_diary_number or {}
        self.listed = frozenset(listed)

    @classmethod
    def load(cls, diary_numbers):
        """Return the descriptions of `diary_numbers` and which of them the code set lists, in two queries."""
        diary_numbers = {number for number in diary_numbers if number}
        if not diary_numbers:
            return cls()
        by_diary_number = defaultdict(list)
        for description in QualificationDescription.objects.filter(diary_number__in=diary_numbers).only(*DESCRIPTION_FIELDS):
            by_diary_number[description.diary_number].append(description)
        listed = Code.objects.filter(
            code_set_uri=LISTED_DIARY_NUMBERS_CODE_SET, value__in=diary_numbers,
        ).values_list("value", flat=True)
        return cls(dict(by_diary_number), listed)

    def all_of(self, diary_number):
        return self.by_diary_number.get(diary_number, [])

    def is_accepted_without_description(self, diary_number):
        """Return whether a diary number is valid without checks: listed in the code set, or a known gap of the reference data."""
        if diary_number in self.listed:
            return True
        return diary_number in ACCEPTED_WITHOUT_DESCRIPTION and not self.all_of(diary_number)

    def valid_on(self, diary_number, day):
        """Return the descriptions of `diary_number` in force on `day`, their transition period included."""
        return [description for description in self.all_of(diary_number) if is_valid_on(description, day)]


def is_valid_on(description, day):
    """Return whether a description is in force on `day`.

    A description applies from its start until the end of its transition period (siirtymaPaattyy)
    when it has one, otherwise until its end. Students who started under it may finish under it
    during the transition period.
    """
    if description.valid_from is not None and day < description.valid_from:
        return False
    last_day = description.transition_ends or description.valid_to
    return last_day is None or day <= last_day
