#!/usr/bin/env python3
"""Reports Swift source files over 400 lines and functions over 60 lines; exits 1 on a file over the limit or on a
long function that is not listed in ALLOWED (each entry says why splitting would not help)."""
import pathlib
import re
import sys

FILE_LIMIT = 400
FUNCTION_LIMIT = 60
# "path:function" -> why it stays whole.
ALLOWED = {
    'Sources/Crypto/SHA256State.swift:compress':
        'the 64 rounds of FIPS 180-4 written out as the standard gives them; the verifier\'s hot path',
    'Sources/Forecast/BoundedNelderMead.swift:minimise':
        'one iteration of Nelder-Mead (reflect, expand, contract, shrink) reads as the published algorithm',
}

DECLARATION = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|'
                         r'mutating|override|final|nonisolated|@discardableResult)\s+)*(func\s+([^\s(<]+)|init[?!]?)\s*[(<]')


def strip_strings(line):
    """The line without string literals, so braces inside them are not counted."""
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', line)


def functions(lines):
    in_block_string = False
    stack = []
    depth = 0
    for number, raw in enumerate(lines, 1):
        if raw.count('"""') % 2 == 1:
            in_block_string = not in_block_string
            continue
        if in_block_string:
            continue
        line = strip_strings(raw.split('//')[0] if '"' not in raw else raw)
        match = DECLARATION.match(raw)
        if match:
            stack.append((match.group(2) or 'init', number, depth))
        depth += line.count('{') - line.count('}')
        while stack and depth <= stack[-1][2] and ('}' in line or '{' in line):
            name, start, _ = stack.pop()
            yield name, start, number - start + 1


def main():
    failed = False
    for path in sorted(pathlib.Path('Sources').rglob('*.swift')):
        lines = path.read_text().splitlines()
        if len(lines) > FILE_LIMIT:
            print(f'{path}: {len(lines)} lines (limit {FILE_LIMIT})')
            failed = True
        for name, start, length in functions(lines):
            if length > FUNCTION_LIMIT:
                key = f'{path}:{name}'
                allowed = key in ALLOWED
                print(f'{path}:{start}: {name} is {length} lines' + (f' (kept whole: {ALLOWED[key]})' if allowed else ''))
                failed = failed or not allowed
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
