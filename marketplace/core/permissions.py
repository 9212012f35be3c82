"""The test behind every staff power (reviewing passports, resolving disputes, moderating
reviews, reading the search report, naming synonyms): an active, signed-in account that holds
the permissions. `User.has_perms` also wants the second factor proved in this session
(accounts.second_factor), so a staff member without it holds none of them."""


def holds_permissions(user, *permissions: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perms(permissions))
