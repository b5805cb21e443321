"""Moderation: the disguised-ad detector, the queue, decisions and their audit log."""
