"""The authorities' boundary to the national transfer format: the only modules of the app that know its Finnish keys.

`profiles` defines each data profile as the paths of the learner document it may contain,
`projection` cuts a learner's document down to a profile, and `documents` writes the disclosure
API's responses and dataset files.
"""
