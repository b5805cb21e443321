"""Brands: the names customers tag their stories with, folded into one canonical brand each."""
