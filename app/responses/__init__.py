"""The city's traceable responses: answers, versions, commitments and their follow-up, the trail, open data."""
