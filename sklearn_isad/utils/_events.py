# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The event that stands for "never seen in training"."""


class _UnseenEvent:
    """Singleton placed in synthetic sequences where an unseen event goes.

    It equals only itself, hashes to a constant, and pickles back to the
    module-level singleton, so it can never collide with a user's str or int
    event id.
    """

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "UNSEEN_EVENT"

    def __reduce__(self):
        return (_UnseenEvent, ())

    def __eq__(self, other):
        return isinstance(other, _UnseenEvent)

    def __hash__(self):
        return 0x5EE0


UNSEEN_EVENT = _UnseenEvent()
