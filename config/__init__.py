"""Layer 0: the one settings object (``G40_*``) and the model file locations.

Every other package may import this one; it imports none of them.
"""

from config.models import embed_model_path, embed_onnx_path, llm_model_path
from config.settings import PROJECT_ROOT, AssistantSettings, Settings, load_settings

__all__ = ["PROJECT_ROOT", "AssistantSettings", "Settings", "embed_model_path", "embed_onnx_path", "llm_model_path", "load_settings"]
