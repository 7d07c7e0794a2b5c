"""The problem bank: schema, loader and the Grind 75 data files."""

from viva.problems.loader import ProblemNotFound, get_problem, list_problems, load_bank
from viva.problems.schema import Problem

__all__ = ["Problem", "ProblemNotFound", "get_problem", "list_problems", "load_bank"]
