"""Spoken text made comparable: normalized speech, fuzzy phrase matching, and complexity claims.

A leaf: the interview's understanding and the session's judgements both read words through it.
"""
