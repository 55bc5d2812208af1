"""Stage 5: answer-quality evals (`g40 eval`). Public entry: ``run_evals(settings, ...)``.

The grader (``evals.grader``) shares no code with the assistant: it only sees the answers the
public ``Assistant`` API gives.
"""

from evals.dataset import DEFAULT_DATASET, SPLITS, load_dataset, load_splits
from evals.grader import Grader
from evals.metrics import fact_correct, score_item, summarize
from evals.runner import run_evals

__all__ = ["DEFAULT_DATASET", "SPLITS", "Grader", "fact_correct", "load_dataset", "load_splits",
           "run_evals", "score_item", "summarize"]
