"""Build the one-folder program with PyInstaller and smoke-test the frozen program.

    python tools/build_bundle.py --out /tmp/yuyou-bundle [--limit-mb 150] [--no-build]

Runs ``pyinstaller --noconfirm build_installer.spec`` into ``OUT/dist`` (work files in
``OUT/build``, the log in ``OUT/pyinstaller.log``), then checks the frozen program:

  yuyou-desktop --version          prints the version, exit 0
  yuyou-desktop --cli --version    the command line inside the bundle
  yuyou-desktop --smoke-test PNG   (QT_QPA_PLATFORM=offscreen) the main window on demonstration
                                   data in a temporary folder, every tab shown; ``smoke ok: …``
                                   with Chinese Qt texts and QtCharts/QtPdf loaded, a picture
  (Linux) every bundled library finds the Qt libraries it links (``ldd``)

and prints the build time, the bundle size (MB = 1024² bytes, regular files; symbolic links
count nothing) and its ten largest files and folders.

The size goal (``--limit-mb``, 150) is checked on the program's own files: on Linux PyInstaller
also copies shared libraries of the operating system (X11/xcb, D-Bus, CUPS, GnuTLS, OpenSSL …)
from /usr/lib into the bundle, which a Windows bundle never holds (Windows' DLLs are not
bundled); they are reported separately.  Qt's ICU (Linux wheels only, ~36 MB) stays counted.

Exits 1 when the build or a check fails or the size goal is missed.  Needs PyInstaller in this
Python (``pip install "pyinstaller>=6.6,<7"``) and, on Linux, binutils (objdump, strip).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "yuyou-desktop"
MB = 1024 * 1024
SMOKE_TIMEOUT_S = 120
# libraries that come with the bundle: missing ones mean that build_installer.spec left out
# too much (system libraries a plugin wants, e.g. GTK, are the machine's business)
# Qt modules the program uses beyond QtCore/QtGui/QtWidgets (letter preview and printing,
# the 统计 charts): the smoke test's tour of the tabs must have loaded them from the bundle
USED_QT_MODULES = ("QtCharts", "QtPdf", "QtPdfWidgets", "QtPrintSupport")
BUNDLED_LIBRARY = re.compile(r"^lib(Qt6|pyside6|shiboken6|icu)")


def program_version() -> str:
    text = (ROOT / "yuyou_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, flags=re.M)
    if match is None:
        raise SystemExit("no __version__ in yuyou_desktop/__init__.py")
    return match.group(1)


def build(out: Path) -> float:
    """PyInstaller into ``out``; the seconds it took."""
    log = out / "pyinstaller.log"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--distpath",
        str(out / "dist"),
        "--workpath",
        str(out / "build"),
        str(ROOT / "build_installer.spec"),
    ]
    print("building:", " ".join(command), flush=True)
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(command, cwd=ROOT, stdout=stream, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail))
        raise SystemExit(f"PyInstaller failed (exit {result.returncode}); the log: {log}")
    return seconds


def file_sizes(folder: Path) -> dict[Path, int]:
    """Every regular file under ``folder`` (symbolic links not followed) with its size."""
    sizes = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                sizes[path] = path.stat().st_size
    return sizes


def folder_sizes(folder: Path, sizes: dict[Path, int]) -> dict[Path, int]:
    """Each folder below ``folder`` (itself and ``_internal`` excepted) with its files' total,
    leaving out a folder that one subfolder nearly fills."""
    totals: dict[Path, int] = {}
    for path, size in sizes.items():
        for parent in path.parents:
            if parent == folder:
                break
            totals[parent] = totals.get(parent, 0) + size
    totals.pop(folder / "_internal", None)
    # a folder that is almost all one subfolder says nothing the subfolder does not
    return {
        path: size
        for path, size in totals.items()
        if not any(child.parent == path and s >= 0.95 * size for child, s in totals.items())
    }


def system_libraries(bundle: Path, sizes: dict[Path, int]) -> dict[Path, int]:
    """The shared libraries PyInstaller copied from the Linux system's library folders (the
    same name is there; Python's own libpython and extension modules excepted)."""
    if not sys.platform.startswith("linux"):
        return {}
    folders = [Path(p) for p in ("/lib", "/lib64", "/usr/lib", "/usr/lib64")]
    folders += [p for base in ("/lib", "/usr/lib") for p in Path(base).glob("*-linux-gnu")]
    return {
        path: size
        for path, size in sizes.items()
        if path.parent == bundle / "_internal"
        and ".so" in path.name
        and not path.name.startswith("libpython")
        and ".cpython-" not in path.name
        and ".abi3." not in path.name
        and any((folder / path.name).exists() for folder in folders)
    }


def report_size(bundle: Path) -> float:
    """Prints the sizes; returns the size of the program's own files in MB."""
    sizes = file_sizes(bundle)
    total = sum(sizes.values()) / MB
    print(f"bundle size: {total:.1f} MB in {len(sizes)} files ({bundle})")
    system = system_libraries(bundle, sizes)
    own = total - sum(system.values()) / MB
    if system:
        print(
            f"  {sum(system.values()) / MB:.1f} MB: {len(system)} libraries copied from this "
            "Linux system (a Windows bundle holds none)"
        )
        print(f"  {own:.1f} MB: the program's own files")
    for title, table in (
        ("largest files", sizes),
        ("largest folders", folder_sizes(bundle, sizes)),
    ):
        print(f"{title}:")
        for path, size in sorted(table.items(), key=lambda item: -item[1])[:10]:
            print(f"  {size / MB:7.1f} MB  {path.relative_to(bundle)}")
    return own


def run_program(
    exe: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=SMOKE_TIMEOUT_S,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def check(ok: bool, what: str, result: subprocess.CompletedProcess[str] | None = None) -> bool:
    print(f"{'ok    ' if ok else 'FAILED'} {what}", flush=True)
    if not ok and result is not None:
        print(f"  exit {result.returncode}\n  stdout: {result.stdout}\n  stderr: {result.stderr}")
    return ok


def smoke(bundle: Path, out: Path) -> bool:
    exe = bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    version = program_version()
    passed = check(exe.is_file(), f"{exe} exists")
    if not passed:
        return False
    result = run_program(exe, "--version")
    passed &= check(
        result.returncode == 0 and version in result.stdout,
        f"--version: {result.stdout.strip()}",
        result,
    )
    result = run_program(exe, "--cli", "--version")
    passed &= check(
        result.returncode == 0 and version in result.stdout,
        f"--cli --version: {result.stdout.strip()}",
        result,
    )
    picture = out / "smoke.png"
    picture.unlink(missing_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    result = run_program(exe, "--smoke-test", str(picture), env=env)
    seconds = time.monotonic() - started
    line = next((s for s in result.stdout.splitlines() if s.startswith("smoke ok")), "")
    passed &= check(
        result.returncode == 0 and bool(line), f"--smoke-test ({seconds:.1f} s)", result
    )
    if line:
        print(f"  {line}")
    passed &= check("Qt buttons: 取消" in line, "Qt's Chinese texts (qtbase_zh_CN) are bundled")
    loaded = line.partition("Qt modules: ")[2]
    passed &= check(
        all(name in loaded for name in USED_QT_MODULES),
        f"the tabs loaded {', '.join(USED_QT_MODULES)}",
    )
    picture_size = picture.stat().st_size if picture.is_file() else 0
    passed &= check(picture_size > 10_000, f"window picture {picture} ({picture_size} bytes)")
    if sys.platform.startswith("linux"):
        passed &= check_linked_libraries(bundle)
    return passed


def check_linked_libraries(bundle: Path) -> bool:
    """``ldd`` on every bundled shared object, as the bootloader loads them (LD_LIBRARY_PATH)."""
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    missing: set[str] = set()
    objects = [p for p in file_sizes(internal) if ".so" in p.name]
    for path in objects:
        found = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=env, errors="replace"
        )
        for line in found.stdout.splitlines():
            name = line.strip().split(" ", 1)[0]
            if "not found" in line and BUNDLED_LIBRARY.match(name):
                missing.add(f"{path.relative_to(internal)} → {name}")
    for entry in sorted(missing):
        print(f"  missing: {entry}")
    return check(not missing, f"{len(objects)} shared objects find the Qt libraries they link")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for dist/, build/, log")
    parser.add_argument("--limit-mb", type=float, default=150.0, help="size goal (default 150)")
    parser.add_argument("--no-build", action="store_true", help="check OUT/dist as it is")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    seconds = None if args.no_build else build(out)
    bundle = out / "dist" / NAME
    passed = smoke(bundle, out)
    size = report_size(bundle)
    if seconds is not None:
        print(f"build time: {seconds:.0f} s")
    passed &= check(size < args.limit_mb, f"program size {size:.1f} MB < {args.limit_mb:g} MB")
    print("bundle: all checks passed" if passed else "bundle: CHECKS FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
