"""Who may change the data: roles scoped to places, passwords, and when single-user mode is allowed.

Modules: ``permissions`` (roles, actions, places; the rules as pure functions), ``passwords``
(argon2 hashing of local accounts), ``mode`` (how people sign in: OpenID Connect, local accounts,
or single-user mode on localhost only), ``trail`` (who reads which audit rows), ``guard`` (the
store's changes, done as a named account after its rights are checked), ``cli`` (``python -m ntm
users`` and ``python -m ntm audit``).
Nothing here imports Streamlit; nothing happens on import of this package.
"""
