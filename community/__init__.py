"""Community: member accounts (django-allauth, also headless), profiles with their affiliation ring,
and — as it grows — groups, alliances and the conversation under every page."""
