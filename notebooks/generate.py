#!/usr/bin/env python3
"""Writes every Refinery notebook twice from one source, so the two cannot drift:

  notebooks/src/NAME.md  ->  notebooks/NAME.ipynb         (Jupyter, kernel "refinery-java")
                         ->  notebooks/zeppelin/NAME.zpln  (Zeppelin note, same paragraphs)

Source format: Markdown. Every fenced block opened with ```java is a code cell; ```java parameters
is the parameter cell (tagged "parameters", the papermill convention; change its values to scale
up); everything between code blocks is a Markdown cell. The first line "# Title" names the note.

  python3 notebooks/generate.py           # (re)write all .ipynb and .zpln
  python3 notebooks/generate.py --check   # exit 1 if a written file differs from its source
                                          # (or has no source left)

Standard library only (Debian's python3 is enough).
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
ZEPPELIN = os.path.join(HERE, "zeppelin")
KERNEL = "refinery-java"
FENCE = re.compile(r"^```java( parameters)?\s*$")


def parse(text):
    """[(kind, source)] with kind in {"markdown", "code", "parameters"}."""
    cells, buf, kind = [], [], "markdown"
    for line in text.splitlines():
        if kind == "markdown":
            m = FENCE.match(line)
            if m:
                flush(cells, kind, buf)
                buf, kind = [], "parameters" if m.group(1) else "code"
                continue
        elif line.strip() == "```":
            flush(cells, kind, buf)
            buf, kind = [], "markdown"
            continue
        buf.append(line)
    if kind != "markdown":
        raise ValueError("unclosed ```java block")
    flush(cells, kind, buf)
    return cells


def flush(cells, kind, buf):
    body = "\n".join(buf).strip("\n")
    if body.strip():
        cells.append((kind, body))


def cell_id(name, i):
    return hashlib.sha1(("%s/%d" % (name, i)).encode()).hexdigest()[:12]


def to_ipynb(name, cells):
    out = []
    for i, (kind, body) in enumerate(cells):
        lines = body.splitlines(keepends=True)
        if kind == "markdown":
            out.append({"cell_type": "markdown", "id": cell_id(name, i), "metadata": {},
                        "source": lines})
        else:
            meta = {"tags": ["parameters"]} if kind == "parameters" else {}
            out.append({"cell_type": "code", "execution_count": None, "id": cell_id(name, i),
                        "metadata": meta, "outputs": [], "source": lines})
    nb = {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Java (Refinery)", "language": "java", "name": KERNEL},
            "language_info": {"name": "java", "file_extension": ".jshell",
                              "mimetype": "text/x-java-source"},
            "refinery": {"generated_from": "src/%s.md" % name},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def to_zpln(name, title, cells):
    paragraphs = []
    for i, (kind, body) in enumerate(cells):
        if kind == "markdown":
            text = "%md\n" + body
            editor = {"language": "markdown", "editOnDblClick": True, "completionKey": "TAB",
                      "completionSupport": False}
            mode, hide = "ace/mode/markdown", True
        else:
            # Zeppelin's Jupyter interpreter runs the same kernel as the .ipynb
            text = "%%jupyter(kernel=%s)\n%s" % (KERNEL, body)
            editor = {"language": "java", "editOnDblClick": False, "completionKey": "TAB",
                      "completionSupport": True}
            mode, hide = "ace/mode/java", False
        pid = "paragraph_%s" % cell_id(name, i)
        paragraphs.append({
            "title": "Parameters" if kind == "parameters" else "",
            "text": text,
            "config": {"editorSetting": editor, "colWidth": 12.0, "editorMode": mode,
                       "fontSize": 9.0, "editorHide": hide, "results": {}, "enabled": True,
                       "title": kind == "parameters"},
            "settings": {"params": {}, "forms": {}},
            "apps": [],
            "runtimeInfos": {},
            "progressUpdateIntervalMs": 500,
            "jobName": pid,
            "id": pid,
            "status": "READY",
        })
    note = {
        "paragraphs": paragraphs,
        "name": "Refinery/" + title,
        "id": "REFINERY" + hashlib.sha1(name.encode()).hexdigest()[:8].upper(),
        "defaultInterpreterGroup": "jupyter",
        "version": "0.10.1",
        "noteParams": {},
        "noteForms": {},
        "angularObjects": {},
        "config": {"isZeppelinNotebookCronEnable": False},
        "info": {},
    }
    return json.dumps(note, indent=2, ensure_ascii=False) + "\n"


def outputs():
    """{path: content} for every source."""
    files = {}
    for fn in sorted(os.listdir(SRC)):
        if not fn.endswith(".md"):
            continue
        name = fn[:-3]
        with open(os.path.join(SRC, fn), encoding="utf-8") as f:
            text = f.read()
        cells = parse(text)
        first = cells[0][1].splitlines()[0] if cells and cells[0][0] == "markdown" else ""
        title = first[2:].strip() if first.startswith("# ") else name
        files[os.path.join(HERE, name + ".ipynb")] = to_ipynb(name, cells)
        files[os.path.join(ZEPPELIN, name + ".zpln")] = to_zpln(name, title, cells)
    return files


def main(argv):
    check = "--check" in argv
    stale = []
    for path, content in outputs().items():
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old == content:
            continue
        if check:
            stale.append(os.path.relpath(path, HERE))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(content)
            print("wrote", os.path.relpath(path, HERE))
    expected = set(outputs().keys())
    for folder, ext in ((HERE, ".ipynb"), (ZEPPELIN, ".zpln")):
        if not os.path.isdir(folder):
            continue
        for fn in sorted(os.listdir(folder)):
            path = os.path.join(folder, fn)
            if fn.endswith(ext) and path not in expected:
                if check:
                    stale.append(os.path.relpath(path, HERE) + " (no source)")
                else:
                    os.remove(path)
                    print("removed", os.path.relpath(path, HERE), "(no source)")
    if stale:
        print("out of date with notebooks/src (run python3 notebooks/generate.py): "
              + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
