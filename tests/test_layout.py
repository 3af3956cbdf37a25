"""The layout's rules (README, "Layout"), checked on the code so that they stay true as it grows.

- The domain (jianxi/services and the search's domain half) imports no Flask or Werkzeug, not
  even through the jianxi modules it imports: it runs the same in a request, a command or a test.
- The HTTP shell (jianxi/web) imports nothing of the domain: no service, model, search or ops.
- A blueprint imports no other blueprint (only auth's guards, the one rule of who is signed in);
  what two of them share lives in a package of its own (the search's page context in search/).
- jianxi/ holds folders and four modules only; every command is defined in jianxi/cli.py.
- The README's Layout section names every folder of jianxi/ and nothing that is not there.
- No test module imports another (conftest.py included): shared helpers live in helper modules.

Imports are read from the source (ast), so a rule holds for code that no test happens to run.
Each checker is also run once on a small tree that breaks it, so it is known to be able to fail.
"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "jianxi"

# Werkzeug's password hashing is a library the domain uses; the rest of Werkzeug is the web's.
FRAMEWORK = ("flask", "flask_login", "flask_wtf", "flask_compress", "jinja2", "jinja2_fragments", "werkzeug.routing",
             "werkzeug.wrappers", "werkzeug.exceptions", "werkzeug.datastructures", "werkzeug.utils", "werkzeug.serving")
DOMAIN = ("jianxi.services", "jianxi.search.filters", "jianxi.search.results", "jianxi.search.planner",
          "jianxi.search.catalog", "jianxi.search.keywords", "jianxi.reference", "jianxi.models")
SHELL_MAY_IMPORT = ("jianxi.web", "jianxi.db", "jianxi.reference")
BLUEPRINTS = ("account", "admin", "apply", "auth", "files", "health", "me", "portal", "positions", "publicity", "review",
              "robots", "unit", "units", "verify")
TOP_LEVEL_MODULES = {"__init__.py", "cli.py", "config.py", "db.py"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path) -> set[str]:
    """The modules `path` imports, absolute (a `from package import module` counts as the module)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            source = ".".join(base + ([node.module] if node.module else []))
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def graph(root: Path) -> dict[str, set[str]]:
    """Every module of the package at `root` (its migrations aside) and the modules it imports."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        modules[module_name(path, root)] = imports_of(path, root)
    return modules


def reaches(modules: dict[str, set[str]], start: str) -> set[str]:
    """What `start` imports, directly or through the package's own modules it imports."""
    seen, todo, outside = set(), [start], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for imported in modules.get(current, ()):
            if imported in modules:
                todo.append(imported)
            else:
                outside.add(imported)
    return outside | seen


def under(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def framework_in_domain(root: Path) -> list[str]:
    modules = graph(root)
    package = root.name
    domain = tuple(prefix.replace("jianxi", package, 1) for prefix in DOMAIN)
    return sorted(
        f"{name} → {hit}"
        for name in modules if under(name, domain)
        for hit in reaches(modules, name) if under(hit, FRAMEWORK)
    )


def domain_in_shell(root: Path) -> list[str]:
    package = root.name
    allowed = tuple(prefix.replace("jianxi", package, 1) for prefix in SHELL_MAY_IMPORT)
    return sorted(
        f"{name} → {imported}"
        for name, imported_set in graph(root).items() if under(name, (f"{package}.web",))
        for imported in imported_set if under(imported, (package,)) and not under(imported, allowed)
    )


def blueprints_importing_blueprints(root: Path) -> list[str]:
    package = root.name
    found = []
    for name, imported_set in graph(root).items():
        own = name.split(".")[1] if name.count(".") >= 1 else ""
        if own not in BLUEPRINTS:
            continue
        for imported in imported_set:
            parts = imported.split(".")
            if parts[0] == package and len(parts) > 1 and parts[1] in BLUEPRINTS and parts[1] != own \
                    and not under(imported, (f"{package}.auth.guards",)):
                found.append(f"{name} → {imported}")
    return sorted(found)


def commands_outside_cli(root: Path) -> list[str]:
    return sorted(
        str(path.relative_to(root.parent))
        for path in root.rglob("*.py")
        if path.name != "cli.py" or path.parent != root
        if re.search(r"@click\.command|add_command\(", path.read_text(encoding="utf-8"))
    )


def test_the_domain_imports_no_web_framework():
    assert framework_in_domain(PACKAGE) == []


def test_the_web_shell_imports_nothing_of_the_domain():
    assert domain_in_shell(PACKAGE) == []


def test_no_blueprint_imports_another():
    assert blueprints_importing_blueprints(PACKAGE) == []


def test_the_top_level_holds_folders_and_four_modules():
    loose = {path.name for path in PACKAGE.glob("*.py")}
    assert loose == TOP_LEVEL_MODULES


def test_every_command_is_defined_and_registered_in_cli_py():
    assert commands_outside_cli(PACKAGE) == []


def test_the_readmes_layout_names_every_folder_and_only_those():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`jianxi/([a-z_]+)/`", section))
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert named == folders


def modules_importing_tests(root: Path) -> list[str]:
    """Test modules (and conftests) that import a test module or a conftest."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for imported in sorted(imports_of(path, root)):
            parts = imported.split(".")
            if parts[0] == root.name and any(p.startswith("test_") or p == "conftest" for p in parts[1:]):
                found.append(f"{module_name(path, root)} → {imported}")
    return found


def test_no_test_module_imports_another():
    assert modules_importing_tests(ROOT / "tests") == []


def test_each_checker_finds_what_breaks_its_rule(tmp_path):
    """A small package that breaks every rule once: each checker must name the breach."""
    root = tmp_path / "jianxi"
    files = {
        "__init__.py": "",
        "cli.py": "",
        "web/__init__.py": "",
        "web/htmx.py": "from flask import request\n",
        "web/pages.py": "from ..services import accounts\n",
        "services/__init__.py": "",
        "services/accounts.py": "from .helpers import shout\n",
        "services/helpers.py": "from ..web import htmx\n",
        "me/__init__.py": "",
        "me/views.py": "from ..positions.views import SEARCH\n",
        "positions/__init__.py": "",
        "positions/views.py": "import click\n@click.command('x')\ndef x():\n    pass\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    assert framework_in_domain(root) == [
        "jianxi.services.accounts → flask", "jianxi.services.accounts → flask.request",
        "jianxi.services.helpers → flask", "jianxi.services.helpers → flask.request",
    ]
    assert domain_in_shell(root) == ["jianxi.web.pages → jianxi.services", "jianxi.web.pages → jianxi.services.accounts"]
    assert blueprints_importing_blueprints(root) == [
        "jianxi.me.views → jianxi.positions.views",
        "jianxi.me.views → jianxi.positions.views.SEARCH",
    ]
    assert commands_outside_cli(root) == ["jianxi/positions/views.py"]
    suite = tmp_path / "tests"
    (suite / "me").mkdir(parents=True)
    (suite / "__init__.py").write_text("")
    (suite / "conftest.py").write_text("from .helpers import text\n")
    (suite / "me" / "test_views.py").write_text("from ..conftest import text\nfrom tests.me.test_other import x\n")
    assert modules_importing_tests(suite) == [
        "tests.me.test_views → tests.conftest", "tests.me.test_views → tests.conftest.text",
        "tests.me.test_views → tests.me.test_other", "tests.me.test_views → tests.me.test_other.x",
    ]
