"""Analysis in the platform: runs of the engine on a consultation, curation, the opinion map, the briefing.

The only bridge between the framework-free engine (`app.analysis`) and the database."""
