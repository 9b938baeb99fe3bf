"""Pure, vectorised computations on numpy arrays: the engine that evaluates catalog formulas,
and the formulas that are no plain arithmetic (goals, A/B tests, surveys, funnel, look-ups).

Nothing here imports the catalog: the entries import these functions.
"""
