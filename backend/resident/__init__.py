"""The resident's journeys: fill in a form (with drafts), track a report, and the account pages."""
