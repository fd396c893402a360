#!/usr/bin/env python3
"""Converts the reference corpus's `plain` layout (../shared/bench/gen_corpus.py)
into a careerbook handbook: every page becomes a guide, every chapter a guide
part, and relative .md links become [[guide:id|text]] cross-references.

Usage: convert_plain.py PLAIN_DIR OUT_DIR
"""
import os
import re
import sys

LINK = re.compile(r"\[([^\]]+)\]\(((?:\.\./)?(?:[^)\s]+/)?([^/)\s]+)\.md)\)")

FRAMEWORK = """[framework]
name = "Benchmark framework"

[[dimensions]]
id = "scope"
name = "Scope"
question = "How big is the problem you own?"
"""

BOOK = """[book]
title = "Career Handbook (benchmark)"
base_url = "https://handbook.example.com"
"""


def page_id(path_parts):
    """The careerbook id of a plain page: the file stem, or the chapter
    folder for a chapter's index.md."""
    chapter, name = path_parts[-2], path_parts[-1]
    stem = name[:-3]
    return chapter if stem == "index" else stem


def convert_links(body, chapter):
    def repl(m):
        text, target, stem = m.group(1), m.group(2), m.group(3)
        parts = target.split("/")
        if stem == "index":
            cid = parts[-2] if len(parts) >= 2 and parts[-2] != ".." else chapter
            return "[[guide:%s|%s]]" % (cid, text)
        return "[[guide:%s|%s]]" % (stem, text)
    return LINK.sub(repl, body)


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "content", "guides"), exist_ok=True)
    with open(os.path.join(out, "book.toml"), "w") as f:
        f.write(BOOK)
    with open(os.path.join(out, "content", "framework.toml"), "w") as f:
        f.write(FRAMEWORK)
    n = 0
    for chapter in sorted(os.listdir(src)):
        cdir = os.path.join(src, chapter)
        if not os.path.isdir(cdir):
            continue
        odir = os.path.join(out, "content", "guides", chapter)
        os.makedirs(odir, exist_ok=True)
        for name in sorted(os.listdir(cdir)):
            text = open(os.path.join(cdir, name), encoding="utf-8").read()
            _, fm, body = text.split("+++\n", 2)
            fm = fm.replace("description = ", "summary = ", 1)
            body = convert_links(body, chapter)
            with open(os.path.join(odir, name), "w", encoding="utf-8") as f:
                f.write("+++\n" + fm + "+++\n" + body)
            n += 1
    print("converted %d pages into %s" % (n, out))


if __name__ == "__main__":
    main()
