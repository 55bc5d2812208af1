"""The evals share no code with the assistant beyond its public API."""

import ast

from config import PROJECT_ROOT

PUBLIC = {"Assistant", "Answer", "Evidence", "Final", "Token", "get_llm", "llama_index_llm"}


def test_evals_import_only_the_assistant_s_public_api() -> None:
    offending = []
    for path in sorted((PROJECT_ROOT / "evals").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("assistant"):
                if node.module != "assistant" or {a.name for a in node.names} - PUBLIC:
                    offending.append(f"{path.name}: from {node.module} import ...")
            elif isinstance(node, ast.Import):
                offending += [f"{path.name}: import {a.name}" for a in node.names
                              if a.name.startswith("assistant")]
    assert not offending
