"""A manifest for one provider plugin of any kind, checked by python-syntax (for the ollama and
exec provider tests; support.Scratch writes openai tables only)."""
import os

from support import toml_value


def write_manifest(directory, plugin, table, model="test-model"):
    """evo.toml in `directory`: provider instance "p" of `plugin` configured by `table`."""
    lines = ["[pipeline]", 'provider = ["p"]', 'validators = ["python-syntax"]', "",
             "[request]", f"model = {toml_value(model)}", 'language = "python"', "",
             "[plugins.p]", f"plugin = {toml_value(plugin)}"]
    lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
    lines += ["", "[plugins.python-syntax]"]
    path = os.path.join(directory, "evo.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path
