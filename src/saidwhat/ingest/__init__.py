"""`saidwhat ingest`: sources.py lists what to read, workers.py analyses it, run.py writes the store."""
