"""Stage 5: answer-quality evals (`g40 eval`). Public entry: ``run_evals(settings, ...)``."""

from evals.dataset import DEFAULT_DATASET, load_dataset
from evals.metrics import fact_correct, score_item, summarize
from evals.runner import run_evals

__all__ = ["DEFAULT_DATASET", "fact_correct", "load_dataset", "run_evals", "score_item", "summarize"]
