"""Legacy and open office formats through LibreOffice: .doc/.wps/.rtf/.odt -> .docx and
.xls/.et/.ods -> .xlsx, then the .docx or .xlsx reader reads the result.

Conversion is the one reader that runs a program, so it is fenced in:
- each conversion has its own throw-away user profile (-env:UserInstallation), so parallel
  extraction processes never share one, and nothing of one file survives into the next;
  the profile sets macro security to "very high" and macros off: a file's macros never run;
- soffice runs in a new process group, killed with all its children when it runs past
  PLAN_WAREHOUSE_CONVERT_TIMEOUT (default 60 s) or when the caller's own time budget ends;
- without network: in a network namespace of its own (`unshare --net`) where the kernel
  allows one, and in any case with no proxy and no update check in its profile;
- the input is refused before conversion when it is encrypted or carries a macro project.
A machine without LibreOffice refuses these files by name, saying what to install.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from ingestion.decode import UnreadableDocument

# suffix -> (LibreOffice filter of the target, target format read by our own readers)
CONVERSIONS = {
    "doc": ("docx:MS Word 2007 XML", "docx"),
    "wps": ("docx:MS Word 2007 XML", "docx"),
    "rtf": ("docx:MS Word 2007 XML", "docx"),
    "odt": ("docx:MS Word 2007 XML", "docx"),
    "xls": ("xlsx:Calc MS Excel 2007 XML", "xlsx"),
    "et": ("xlsx:Calc MS Excel 2007 XML", "xlsx"),
    "ods": ("xlsx:Calc MS Excel 2007 XML", "xlsx"),
}
# The import filter each format is opened with: without one LibreOffice opens what it cannot
# recognise as plain text, and a damaged file would load as pages of mojibake. WPS Office's
# .wps and .et (Kingsoft formats, OLE files like Word's and Excel's) are left to its detection.
IMPORT_FILTERS = {
    "doc": "MS Word 97",
    "rtf": "Rich Text Format",
    "odt": "writer8",
    "xls": "MS Excel 97",
    "ods": "calc8",
}
# What each format's bytes start with; anything else is not that format, whatever its name.
_MAGIC = {
    "doc": (bytes.fromhex("D0CF11E0A1B11AE1"),),
    "xls": (bytes.fromhex("D0CF11E0A1B11AE1"),),
    "wps": (bytes.fromhex("D0CF11E0A1B11AE1"),),
    "et": (bytes.fromhex("D0CF11E0A1B11AE1"),),
    "rtf": (b"{\\rtf",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
}
# What a Debian user installs to read each family (`make run` does it when run as root).
DEBIAN_PACKAGES = {"docx": "libreoffice-writer-nogui", "xlsx": "libreoffice-calc-nogui"}
DEFAULT_CONVERT_TIMEOUT = 60.0

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"

# The profile of one conversion: macros never run, nothing is fetched or checked for updates.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings">
 <prop oor:name="ooInetProxyType" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments">
 <prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def convert_timeout_seconds() -> float:
    try:
        return float(os.environ.get("PLAN_WAREHOUSE_CONVERT_TIMEOUT", DEFAULT_CONVERT_TIMEOUT))
    except ValueError:
        return DEFAULT_CONVERT_TIMEOUT


def soffice_path() -> str | None:
    """The LibreOffice binary: PLAN_WAREHOUSE_SOFFICE, else `soffice` on PATH."""
    return os.environ.get("PLAN_WAREHOUSE_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def _unshare_prefix() -> tuple[str, ...]:
    """`unshare --net --map-root-user` when this kernel lets us make a network namespace."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    prefix = (unshare, "--net", "--map-root-user")
    try:
        ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return prefix if ok else ()


@functools.cache
def libreoffice_version() -> str:
    """'LibreOffice 7.4.7.2' (the reader column of dim_document), or 'LibreOffice' when unknown."""
    binary = soffice_path()
    if binary is None:
        return "LibreOffice"
    # `--version` reads no document and starts no office: safe without a profile.
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice"
    words = out.split()
    return " ".join(words[:2]) if len(words) >= 2 and words[0] == "LibreOffice" else "LibreOffice"


def refusal_before_conversion(data: bytes, source_path: str) -> str | None:
    """Why a legacy office file is not handed to LibreOffice at all (None: convert it)."""
    suffix = PurePosixPath(source_path).suffix.lower().lstrip(".")
    if suffix in _MAGIC and not data.lstrip(b"\xef\xbb\xbf").startswith(_MAGIC[suffix]):
        if data.startswith(b"PK\x03\x04") and suffix in ("doc", "wps"):
            return f"not a .{suffix} file but a zip package (a .docx named .{suffix}?); rename it .docx"
        if data.startswith(b"PK\x03\x04") and suffix in ("xls", "et"):
            return f"not a .{suffix} file but a zip package (an .xlsx named .{suffix}?); rename it .xlsx"
        return f"not a .{suffix} file (its bytes do not start as one); not read"
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return "encrypted (password-protected); save it without a password to load it"
        if "_VBA_PROJECT".encode("utf-16-le") in data:
            return "carries a macro (VBA) project; macros are never run: save it without macros"
    elif data.startswith(_ZIP_MAGIC) and b"Basic/" in data and b"script-lb.xml" in data:
        return "carries a macro (Basic) library; macros are never run: save it without macros"
    return None


def _kill_group(process: subprocess.Popen) -> None:
    with_group = True
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with_group = False
    if not with_group and process.poll() is None:
        process.kill()
    process.wait()


def convert(data: bytes, source_path: str) -> tuple[bytes, str]:
    """The file converted by LibreOffice: (bytes of the .docx or .xlsx, 'docx' | 'xlsx').
    Raises UnreadableDocument naming the file when it cannot be converted."""
    suffix = PurePosixPath(source_path).suffix.lower().lstrip(".")
    filter_name, target = CONVERSIONS[suffix]
    if reason := refusal_before_conversion(data, source_path):
        raise UnreadableDocument(source_path, reason)
    binary = soffice_path()
    if binary is None:
        raise UnreadableDocument(
            source_path,
            f"a .{suffix} file is read through LibreOffice, which is not installed: "
            f"apt-get install {DEBIAN_PACKAGES[target]} (make run installs it when run as root)",
        )
    timeout = convert_timeout_seconds()
    with tempfile.TemporaryDirectory(prefix="plan-warehouse-soffice-") as work_dir:
        work = Path(work_dir)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        source = work / "in" / f"document.{suffix}"  # an ASCII name: the file's own may not survive argv
        source.parent.mkdir()
        source.write_bytes(data)
        out_dir = work / "out"
        command = [
            *_unshare_prefix(),
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            *([f"--infilter={IMPORT_FILTERS[suffix]}"] if suffix in IMPORT_FILTERS else []),
            "--convert-to",
            filter_name,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env["HOME"] = str(work)  # nothing written into the user's home
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole, children included
            env=env,
            cwd=work,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise UnreadableDocument(
                source_path,
                f"LibreOffice did not convert it within {timeout:g} s "
                "(PLAN_WAREHOUSE_CONVERT_TIMEOUT); stopped, not loaded",
            ) from None
        finally:
            # Also on the caller's own time budget (an exception raised inside communicate):
            # nothing of this conversion outlives it.
            if process.returncode is None:
                _kill_group(process)
            else:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)  # a child that stayed behind
        converted = out_dir / f"document.{target}"
        if process.returncode != 0 or not converted.exists() or converted.stat().st_size == 0:
            said = " ".join((output or b"").decode("utf-8", "replace").split())[-300:]
            raise UnreadableDocument(
                source_path,
                f"LibreOffice could not open it as a .{suffix} file (damaged, encrypted or another format)"
                + (f": {said}" if said else ""),
            )
        return converted.read_bytes(), target
