"""The README's configuration table matches the settings the code reads."""

import re

from leadmachine.config import PROJECT_ROOT, Settings


def test_readme_documents_every_environment_variable():
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    read_by_code = {field.validation_alias for field in Settings.model_fields.values()}
    assert documented == read_by_code
