"""Matrix PDF configurations compared in forked children (`python -m tests.benchmarks _prof_matrix_compare`)."""

from tests.benchmarks._prof_matrix import compare as run  # noqa: F401
