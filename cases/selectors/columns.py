"""Which columns the pages read: a list row's, a staff member named on a page."""

import functools

# The list never needs the long texts; leaving them out keeps a page light.
OFFICE_CLOCK = ("office__name", "office__code", "office__timezone", "office__morning_opens", "office__morning_closes",
                "office__afternoon_opens", "office__afternoon_closes", "office__max_pause_working_days")
LIST_ONLY = ("id", "number", "channel", "reporter_name", "reporter_confidential", "on_behalf", "subject_name", "business_area__name",
             "category", "state", "registered_at", "failed_at", "tier_entered_at", "due_at", "paused_at",
             *OFFICE_CLOCK)


# Staff shown by name only (`str(user)`): the rest of their row, the password
# hash among it, is never read for a page that names them.
USER_NAME = ("username", "first_name", "last_name")


@functools.cache
def _user_columns_not_shown() -> tuple[str, ...]:
    from routing.models import User

    return tuple(field.name for field in User._meta.concrete_fields if field.name not in ("id", *USER_NAME))


def named(*relations: str) -> list[str]:
    """For `.defer()`: every column of the staff at `relations` but their names."""
    return [f"{relation}__{column}" for relation in relations for column in _user_columns_not_shown()]
