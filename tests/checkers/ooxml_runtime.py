"""Lay out the .NET runtime of a self-contained app as a shared framework (DOTNET_ROOT) that pythonnet loads.
Only the runtime pack's own files are taken. Usage: ooxml_runtime.py APP_FOLDER DOTNET_ROOT"""

import json
import os
import shutil
import sys


def main(app: str, root: str) -> None:
    with open(os.path.join(app, "redlines.deps.json"), encoding="utf-8") as f:
        deps = json.load(f)
    target = deps["targets"][".NETCoreApp,Version=v8.0/linux-x64"]
    key = next(k for k in target if k.startswith("runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/"))
    version = key.split("/")[1]
    framework = os.path.join(root, "shared", "Microsoft.NETCore.App", version)
    host = os.path.join(root, "host", "fxr", version)
    os.makedirs(framework)
    os.makedirs(host)
    pack = target[key]
    for name in list(pack.get("runtime", {})) + list(pack.get("native", {})):
        if name != "libhostfxr.so":
            shutil.copy2(os.path.join(app, name), framework)
    shutil.copy2(os.path.join(app, "libhostfxr.so"), host)
    name = "Microsoft.NETCore.App.Runtime.linux-x64/" + version
    pack["native"].pop("libhostfxr.so", None)
    manifest = {
        "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0/linux-x64", "signature": ""},
        "compilationOptions": {},
        "targets": {".NETCoreApp,Version=v8.0": {}, ".NETCoreApp,Version=v8.0/linux-x64": {name: pack}},
        "libraries": {
            name: {
                "type": "package",
                "serviceable": True,
                "sha512": "",
                "path": name.lower(),
                "hashPath": name.lower().replace("/", ".") + ".nupkg.sha512",
            }
        },
    }
    with open(os.path.join(framework, "Microsoft.NETCore.App.deps.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
