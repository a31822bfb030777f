"""Workflows on work plans, one module per subject: plans (and their versions), rounds, comments, exports."""
