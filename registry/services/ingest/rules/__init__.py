"""The semantic rules of the validate step, one module per family of the national service's rules.

    dates       start, end, period, assessment and verification dates in order
    states      period states, completion, assessments of parts, funding
    structure   the qualification description: validity, units, competence areas, titles, scopes, grades
    duplicates  a document without identifiers that repeats a stored study right
    changes     what an update may never change

A rule is a function `rule(resolved, problems, *, study_right, **options)`: it reads the
ResolvedStudyRight and its English read model `study_right`
(`registry.transfer_format.model.StudyRightModel`) and appends `registry.errors.Error`s to
`problems`. `validate.py` lists the rules and passes the options: `allow_update`, `learner_ids`,
`descriptions` (the qualification descriptions of the request) and `today`.
"""
