"""Microsoft's Open XML SDK validator (DocumentFormat.OpenXml 3.3.0, OpenXmlValidator) on .xlsx files, hosted
in CoreCLR 8 by pythonnet. Usage: ooxml_validate.py [--format Microsoft365|Office2007|...] [--version] FILE...

Prints FILE<TAB>PART<TAB>XPATH<TAB>TYPE<TAB>ID<TAB>DESCRIPTION per error and "# FILE: N error(s)" on stderr;
exit 0 without errors, 1 with errors, 2 when a package cannot be opened.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_sdk() -> None:
    root = os.path.join(HERE, "dotnet")
    os.environ["DOTNET_ROOT"] = root
    os.environ.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
    from clr_loader import get_coreclr
    from pythonnet import set_runtime

    set_runtime(get_coreclr(runtime_config=os.path.join(HERE, "validator.runtimeconfig.json"), dotnet_root=root))
    import clr

    for dll in ("System.IO.Packaging.dll", "DocumentFormat.OpenXml.Framework.dll", "DocumentFormat.OpenXml.dll"):
        clr.AddReference(os.path.join(HERE, "lib", dll))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", default="Microsoft365", help="a FileFormatVersions member")
    parser.add_argument("--version", action="store_true", help="print the SDK and runtime versions")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    load_sdk()
    from DocumentFormat.OpenXml import FileFormatVersions
    from DocumentFormat.OpenXml.Packaging import SpreadsheetDocument
    from DocumentFormat.OpenXml.Validation import OpenXmlValidator
    from System import Environment

    if args.version:
        assembly = OpenXmlValidator().GetType().Assembly
        print("runtime", Environment.Version.ToString(), "|", assembly.FullName)
    validator = OpenXmlValidator(getattr(FileFormatVersions, args.format))
    validator.MaxNumberOfErrors = 0  # every error
    status = 0
    for path in args.files:
        try:
            document = SpreadsheetDocument.Open(path, False)
        except Exception as exc:  # noqa: BLE001 - a package Excel could not open either
            print(f"{path}\t(package)\t\tOpenFailed\t\t{str(exc).splitlines()[0]}")
            print(f"# {path}: 1 error(s)", file=sys.stderr)
            status = 2
            continue
        errors = 0
        try:
            for e in validator.Validate(document):
                part = e.Part.Uri.ToString() if e.Part is not None else "(package)"
                where = e.Path.XPath if e.Path is not None else ""
                text = str(e.Description).replace("\n", " ")
                print("\t".join([path, part, where, str(e.ErrorType), str(e.Id or ""), text]))
                errors += 1
        finally:
            document.Dispose()
        print(f"# {path}: {errors} error(s)", file=sys.stderr)
        status = max(status, 1 if errors else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
