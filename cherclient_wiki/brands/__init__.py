"""Brands: the names customers tag their stories with, folded into one canonical brand each, with
their aliases, sectors and declared representatives. The pages, the leaderboard and the brand
administration, which need the stories, live in the leaderboard feature above."""
