"""Accounts: registration, login, roles, API tokens."""
