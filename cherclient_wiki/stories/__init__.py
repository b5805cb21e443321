"""Brand stories: what customers lived with a brand, and how it ended."""
