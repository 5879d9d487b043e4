"""Helpers the page scripts share: session-state keys, translations, cached calls into ``ntm``."""
