"""Validates every qna.yaml under a folder with InstructLab's own TaxonomyParser (instructlab/schema), as
`ilab taxonomy diff` does for changed files. Usage: instructlab_validate.py SCHEMA_SRC TAXONOMY_ROOT
SCHEMA_SRC is the src/ folder of an instructlab/schema checkout (measurement only; not part of this project)."""
import logging
import pathlib
import sys

sys.path.insert(0, sys.argv[1])
from instructlab.schema.taxonomy import TaxonomyMessageFormat, TaxonomyParser  # noqa: E402

logging.disable(logging.CRITICAL)
files = sorted(pathlib.Path(sys.argv[2]).rglob("*.yaml"))
parser = TaxonomyParser(schema_version=0, message_format=TaxonomyMessageFormat.LOGGING)
invalid = sum(1 for f in files if parser.parse(f).errors)
print(f"{len(files)} files, {invalid} invalid")
