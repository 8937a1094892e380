"""JSON: json.marshal, json.marshal_with_options, json.unmarshal,
json.is_valid, json.filter, json.remove.

Marshalling writes Go's encoding/json text: object keys sorted (non-string
keys as their JSON text), sets as sorted arrays, ``<``, ``>``, ``&``,
U+2028 and U+2029 escaped, compact separators.
"""

from __future__ import annotations

import json as _json
import re

from ..errors import BuiltinError, EvalTypeError, type_error
from ..deep import deep_call
from ..values import UNDEF, Num, Set, int_text, number_of_text, obj_key, sort_key, sorted_values, unkey

# -- marshal --------------------------------------------------------------------

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
for _i in range(0x20):
    _ESCAPES.setdefault(chr(_i), f"\\u{_i:04x}")
_ESCAPES["\b"] = "\\b"
_ESCAPES["\f"] = "\\f"
_NEEDS_ESCAPE = frozenset(_ESCAPES)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _str(s: str) -> str:
    if _LONE_SURROGATE.search(s):
        s = _LONE_SURROGATE.sub("\ufffd", s)  # Go writes invalid UTF-8 as U+FFFD
    if not _NEEDS_ESCAPE.intersection(s):
        return '"' + s + '"'
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in s) + '"'


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def number_text(v) -> str:
    """A number's JSON text: its text (OPA keeps it), which Go checks is JSON."""
    if v.__class__ is int:
        return int_text(v)
    if v.__class__ is Num:
        if not _JSON_NUMBER.fullmatch(v.text):
            raise BuiltinError(f'json.marshal: json: invalid number literal "{v.text}"')
        return v.text
    r = repr(v)
    if r in ("inf", "-inf", "nan"):
        raise BuiltinError(f"json: unsupported value: {r}")
    return r


def _key_text(k) -> str:
    if k.__class__ is str:
        return k
    return _compact(unkey(k))


def _sorted_obj(v: dict):
    """(key text, value) pairs sorted by key text. Keys of the same text
    (``1`` and ``"1"``) are one key, as in OPA's Go map: the last in OPA's
    order of keys wins."""
    if all(k.__class__ is str for k in v):
        return sorted(v.items(), key=lambda kx: kx[0])
    texts: dict = {}
    for k, x in sorted(v.items(), key=lambda kx: sort_key(unkey(kx[0]))):
        texts[_key_text(k)] = x
    return sorted(texts.items(), key=lambda kx: kx[0])


def _compact(v) -> str:
    c = v.__class__
    if c is str:
        return _str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if c is int or c is float or c is Num:
        return number_text(v)
    if c is list:
        return "[" + ",".join(_compact(x) for x in v) + "]"
    if c is Set:
        return "[" + ",".join(_compact(x) for x in sorted_values(v)) + "]"
    if c is dict:
        return "{" + ",".join(_str(k) + ":" + _compact(x) for k, x in _sorted_obj(v)) + "}"
    raise BuiltinError(f"json.marshal: cannot marshal {type(v).__name__}")


def _indented(v, prefix: str, indent: str, depth: int) -> str:
    c = v.__class__
    if c is Set:
        v, c = sorted_values(v), list
    if c is list:
        if not v:
            return "[]"
        inner = prefix + indent * (depth + 1)
        parts = [inner + _indented(x, prefix, indent, depth + 1) for x in v]
        return "[\n" + ",\n".join(parts) + "\n" + prefix + indent * depth + "]"
    if c is dict:
        if not v:
            return "{}"
        inner = prefix + indent * (depth + 1)
        parts = [inner + _str(k) + ": " + _indented(x, prefix, indent, depth + 1) for k, x in _sorted_obj(v)]
        return "{\n" + ",\n".join(parts) + "\n" + prefix + indent * depth + "}"
    return _compact(v)


def marshal(v):
    return deep_call(_compact, v)


def marshal_with_options(v, opts):
    fn = "json.marshal_with_options"
    if opts.__class__ is not dict:
        raise type_error(fn, 2, "object", opts)
    pretty = UNDEF
    prefix = ""
    indent = "\t"
    given_text = False
    for k, x in opts.items():
        if k == "pretty":
            if x.__class__ is not bool:
                raise EvalTypeError(f'{fn}: operand 2 key "pretty" failed cast to bool')
            pretty = x
        elif k == "prefix":
            if x.__class__ is not str:
                raise EvalTypeError(f'{fn}: operand 2 key "prefix" failed cast to string: operand 0 must be string but got {_tn(x)}')
            prefix, given_text = x, True
        elif k == "indent":
            if x.__class__ is not str:
                raise EvalTypeError(f'{fn}: operand 2 key "indent" failed cast to string: operand 0 must be string but got {_tn(x)}')
            indent, given_text = x, True
        else:
            raise EvalTypeError(f'{fn}: operand 2 object contained unknown key "{_key_text(k)}"')
    if pretty is UNDEF:
        pretty = given_text
    if not pretty:
        return deep_call(_compact, v)
    return prefix + deep_call(_indented, v, prefix, indent, 0)


def _tn(v) -> str:
    from ..values import type_name

    return type_name(v)


# -- unmarshal ------------------------------------------------------------------------


def _reject_constant(name):
    raise ValueError(f"invalid constant {name}")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _replace_surrogates(v):
    """Go reads an unpaired UTF-16 surrogate escape as U+FFFD."""
    c = v.__class__
    if c is str:
        return _LONE_SURROGATE.sub("\ufffd", v)
    if c is list:
        return [_replace_surrogates(x) for x in v]
    if c is dict:
        return {_replace_surrogates(k): _replace_surrogates(x) for k, x in v.items()}
    return v


def _loads(text: str):
    # numbers keep their text where int and float cannot (2.50, 1e21, 1E3)
    return _json.loads(text, parse_constant=_reject_constant, parse_float=number_of_text)


# Go's encoding/json refuses values nested deeper than this
_GO_MAX_DEPTH = 10000


def parse_json(text: str):
    """JSON text as Rego values (raises ValueError on bad text). Not orjson:
    it reads integers beyond 64 bits as floats."""
    if text.count("[") + text.count("{") > _GO_MAX_DEPTH:
        _end, msg = deep_call(_go_decode, text)
        if msg is not None and msg.endswith("exceeded max depth"):
            raise ValueError(msg)
    v = deep_call(_loads, text)
    if _SURROGATE_ESCAPE.search(text):
        v = deep_call(_replace_surrogates, v)
    return v


def unmarshal(s):
    if s.__class__ is not str:
        raise type_error("json.unmarshal", 1, "string", s)
    try:
        return parse_json(s)
    except ValueError:
        pass
    end, msg = deep_call(_go_decode, s)
    if msg is None:
        # OPA's decoder stops at a null after the first value: the rest is not read
        return parse_json(s.encode("utf-8", "surrogatepass")[:end].decode("utf-8", "surrogatepass"))
    raise BuiltinError(f"json.unmarshal: {msg}")


# Go's encoding/json decoder, for its error messages: (end of the first value, message or None).


class _GoSyntax(Exception):
    pass


def _quote_char(c: int) -> str:
    if c == 0x27:
        return "'\\''"
    if c == 0x22:
        return "'\"'"
    special = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 0x5C: "\\\\"}
    if c in special:
        return "'" + special[c] + "'"
    if 0x20 <= c < 0x7F or (c > 0xA0 and c != 0xAD):
        return "'" + chr(c) + "'"  # Go quotes the byte as the rune of that number
    if c >= 0x80:
        return "'\\u%04x'" % c
    return "'\\x%02x'" % c


def _go_decode(text: str) -> tuple[int, str | None]:
    b = text.encode("utf-8", "surrogatepass")
    n = len(b)
    ws = b" \t\n\r"

    def bad(c, ctx):
        raise _GoSyntax(f"invalid character {_quote_char(c)} {ctx}")

    def eof():
        raise _GoSyntax("unexpected EOF")

    def skip(i):
        while i < n and b[i] in ws:
            i += 1
        return i

    depth = 0

    def value(i):
        nonlocal depth
        i = skip(i)
        if i >= n:
            eof()
        c = b[i]
        if c == 0x7B or c == 0x5B:
            depth += 1
            if depth > _GO_MAX_DEPTH:
                bad(c, "exceeded max depth")
            end = obj(i + 1) if c == 0x7B else arr(i + 1)
            depth -= 1
            return end
        if c == 0x22:
            return string(i + 1)
        if c == 0x2D or 0x30 <= c <= 0x39:
            return number(i)
        for word in (b"true", b"false", b"null"):
            if c == word[0]:
                return literal(i, word)
        bad(c, "looking for beginning of value")

    def obj(i):
        i = skip(i)
        if i >= n:
            eof()
        if b[i] == 0x7D:
            return i + 1
        while True:
            if i >= n:
                eof()
            if b[i] != 0x22:
                bad(b[i], "looking for beginning of object key string")
            i = skip(string(i + 1))
            if i >= n:
                eof()
            if b[i] != 0x3A:
                bad(b[i], "after object key")
            i = skip(value(i + 1))
            if i >= n:
                eof()
            if b[i] == 0x2C:
                i = skip(i + 1)
                continue
            if b[i] == 0x7D:
                return i + 1
            bad(b[i], "after object key:value pair")

    def arr(i):
        i = skip(i)
        if i >= n:
            eof()
        if b[i] == 0x5D:
            return i + 1
        while True:
            i = skip(value(i))
            if i >= n:
                eof()
            if b[i] == 0x2C:
                i += 1
                continue
            if b[i] == 0x5D:
                return i + 1
            bad(b[i], "after array element")

    def string(i):
        while True:
            if i >= n:
                eof()
            c = b[i]
            if c == 0x22:
                return i + 1
            if c == 0x5C:
                if i + 1 >= n:
                    eof()
                e = b[i + 1]
                if e in b'"\\/bfnrt':
                    i += 2
                elif e == 0x75:
                    i += 2
                    for _ in range(4):
                        if i >= n:
                            eof()
                        if b[i] not in b"0123456789abcdefABCDEF":
                            bad(b[i], "in \\u hexadecimal character escape")
                        i += 1
                else:
                    bad(e, "in string escape code")
            elif c < 0x20:
                bad(c, "in string literal")
            else:
                i += 1

    def digits(i):
        while i < n and 0x30 <= b[i] <= 0x39:
            i += 1
        return i

    def number(i):
        if b[i] == 0x2D:
            i += 1
            if i >= n:
                eof()
            if not 0x30 <= b[i] <= 0x39:
                bad(b[i], "in numeric literal")
        i = i + 1 if b[i] == 0x30 else digits(i)
        if i < n and b[i] == 0x2E:
            i += 1
            if i >= n:
                eof()
            if not 0x30 <= b[i] <= 0x39:
                bad(b[i], "after decimal point in numeric literal")
            i = digits(i)
        if i < n and b[i] in b"eE":
            i += 1
            if i < n and b[i] in b"+-":
                i += 1
            if i >= n:
                eof()
            if not 0x30 <= b[i] <= 0x39:
                bad(b[i], "in exponent of numeric literal")
            i = digits(i)
        return i

    def literal(i, word):
        for k in range(1, len(word)):
            if i + k >= n:
                eof()
            if b[i + k] != word[k]:
                bad(b[i + k], f"in literal {word.decode()} (expecting {_quote_char(word[k])})")
        return i + len(word)

    start = skip(0)
    if start >= n:
        return 0, "EOF"
    try:
        end = value(start)
    except _GoSyntax as exc:
        return 0, str(exc)
    # OPA then reads one more token: any token but null is an error
    j = skip(end)
    if j >= n:
        return end, "invalid JSON"
    c = b[j]
    if c in b"[{":
        return end, f"error: invalid character '{chr(c)}' after top-level value"
    if c in b"]}:,":
        return end, f"invalid character {_quote_char(c)} looking for beginning of value"
    try:
        tok_end = value(j)
    except _GoSyntax as exc:
        return end, str(exc)
    tok = b[j:tok_end].decode("utf-8", "surrogatepass")
    if tok == "null":
        return end, None
    if tok.startswith('"'):
        tok = _json.loads(tok)
    return end, f"error: invalid character '{tok}' after top-level value"


def is_valid(s):
    if s.__class__ is not str:
        return False
    try:
        parse_json(s)
    except ValueError:
        return False
    return True


# -- paths: json.filter and json.remove -------------------------------------------------

_WHOLE = object()  # a path ends here: the whole value


def _segments(fn: str, p) -> list:
    if p.__class__ is str:
        p = p.lstrip("/")
        if not p:
            return []
        return [s.replace("~1", "/").replace("~0", "~") for s in p.split("/")]
    if p.__class__ is list:
        return list(p)
    raise EvalTypeError(
        f"{fn}: operand 2 must be one of {{set, array}} containing string paths or array of path segments but got {_tn(p)}"
    )


def _path_tree(fn: str, paths):
    c = paths.__class__
    if c is list:
        items = paths
    elif c is Set:
        items = sorted_values(paths)
    else:
        raise type_error(fn, 2, "one of {set, array}", paths)
    root: dict = {}
    for p in items:
        segs = _segments(fn, p)
        if not segs:
            continue  # an empty path selects nothing
        node = root
        for i, s in enumerate(segs):
            k = ("seg", obj_key(s))
            last = i == len(segs) - 1
            nxt = node.get(k)
            if nxt is _WHOLE:
                break
            if last:
                node[k] = _WHOLE
            else:
                if nxt is None:
                    nxt = node[k] = {}
                node = nxt
    return root


def _index(seg, n: int):
    """An array index from a path segment, or None. OPA matches an element by
    its index written as a string: ``"1"`` selects it, but neither ``1``,
    ``1.0`` nor ``"01"`` does."""
    if seg.__class__ is str and _CANONICAL_INDEX.fullmatch(seg):
        i = int(seg)
        return i if i < n else None
    return None


_CANONICAL_INDEX = re.compile(r"0|[1-9][0-9]*")


def _filter(v, tree):
    if tree is _WHOLE:
        return v
    c = v.__class__
    if c is dict:
        out = {}
        for (_, k), sub in tree.items():
            x = v.get(k, UNDEF)
            if x is not UNDEF:
                out[k] = _filter(x, sub)
        return out
    if c is list:
        picked = {}
        for (_, k), sub in tree.items():
            i = _index(unkey(k), len(v))
            if i is not None:
                picked[i] = _filter(v[i], sub)
        return [picked[i] for i in sorted(picked)]
    if c is Set:
        out = Set()
        for (_, k), sub in tree.items():
            if k in v.d:
                out.add(_filter(v.d[k], sub))
        return out
    return v


def json_filter(obj, paths):
    if obj.__class__ is not dict:
        raise type_error("json.filter", 1, "object", obj)
    tree = _path_tree("json.filter", paths)
    return _filter(obj, tree)


def _remove(v, tree):
    c = v.__class__
    if c is dict:
        out = {}
        for k, x in v.items():
            sub = tree.get(("seg", k))
            if sub is _WHOLE:
                continue
            out[k] = x if sub is None else _remove(x, sub)
        return out
    if c is list:
        subs = {}
        for (_, k), sub in tree.items():
            i = _index(unkey(k), len(v))
            if i is not None:
                subs[i] = sub
        out = []
        for i, x in enumerate(v):
            sub = subs.get(i)
            if sub is _WHOLE:
                continue
            out.append(x if sub is None else _remove(x, sub))
        return out
    if c is Set:
        out = Set()
        for k, x in v.d.items():
            sub = tree.get(("seg", k))
            if sub is _WHOLE:
                continue
            out.add(x if sub is None else _remove(x, sub))
        return out
    return v


def json_remove(obj, paths):
    if obj.__class__ is not dict:
        raise type_error("json.remove", 1, "object", obj)
    tree = _path_tree("json.remove", paths)
    return _remove(obj, tree)


# -- json.patch (RFC 6902, with sets and array-form paths) ---------------------------------


class _PatchError(Exception):
    pass


def _term(v) -> str:
    from ..values import _repr

    return _repr(v)


def _patch_path(p) -> list:
    if p.__class__ is str:
        if not p:
            return []
        if p.startswith("/"):
            p = p[1:]
        return [x.replace("~1", "/").replace("~0", "~") for x in p.split("/")]
    if p.__class__ is list:
        return list(p)
    raise EvalTypeError(
        "json.patch: operand 2 must be one of {set, array} containing string paths or array of path segments "
        f"but got {_tn(p)}"
    )


def _array_index(seg, n: int, insert: bool) -> int:
    if seg.__class__ is str:
        if insert and seg == "-":
            return n
        if not seg.isdigit():
            raise _PatchError(f"invalid array index {_term(seg)}")
        if len(seg) > 1 and seg[0] == "0":
            raise _PatchError("leading zeros are not allowed in JSON paths")
        i = int(seg)
    elif seg.__class__ is int or (seg.__class__ is float and seg.is_integer()):
        i = int(seg)
    else:
        raise _PatchError(f"invalid array index {_term(seg)}")
    if i < 0 or i > n or (i == n and not insert):
        raise _PatchError("index for array insertion out of bounds" if insert else "index out of bounds")
    return i


def _patch_get(doc, segs):
    v = doc
    for seg in segs:
        c = v.__class__
        if c is dict:
            x = v.get(obj_key(seg), UNDEF)
        elif c is list:
            x = v[_array_index(seg, len(v), False)]
        elif c is Set:
            x = seg if seg in v else UNDEF
        else:
            x = UNDEF
        if x is UNDEF:
            raise _PatchError(f"path {_term(seg)} does not exist in {_tn(v)} term {_term(v)}")
        v = x
    return v


def _patch_update(doc, segs, fn):
    """A copy of ``doc`` with the parent of ``segs`` replaced by fn(parent, last segment)."""
    if len(segs) == 1:
        return fn(doc, segs[0])
    seg = segs[0]
    c = doc.__class__
    if c is dict:
        k = obj_key(seg)
        child = doc.get(k, UNDEF)
        if child is UNDEF:
            raise _PatchError(f"path {_term(seg)} does not exist in object term {_term(doc)}")
        out = dict(doc)
        out[k] = _patch_update(child, segs[1:], fn)
        return out
    if c is list:
        i = _array_index(seg, len(doc), False)
        out = list(doc)
        out[i] = _patch_update(doc[i], segs[1:], fn)
        return out
    if c is Set:
        if seg not in doc:
            raise _PatchError(f"path {_term(seg)} does not exist in set term {_term(doc)}")
        new = _patch_update(seg, segs[1:], fn)
        out = Set(x for x in doc if not _same(x, seg))
        out.add(new)
        return out
    raise _PatchError(f"path {_term(seg)} does not exist in {_tn(doc)} term {_term(doc)}")


def _same(a, b) -> bool:
    from ..values import eq

    return eq(a, b)


def _patch_add(doc, segs, value):
    if not segs:
        return value

    def add(parent, seg):
        c = parent.__class__
        if c is dict:
            out = dict(parent)
            out[obj_key(seg)] = value
            return out
        if c is list:
            i = _array_index(seg, len(parent), True)
            return parent[:i] + [value] + parent[i:]
        if c is Set:
            if not _same(seg, value):
                raise _PatchError(f"set key {_term(seg)} does not match value {_term(value)}")
            out = parent.copy()
            out.add(value)
            return out
        raise _PatchError(f"cannot insert into {_tn(parent)} term {_term(parent)}")

    return _patch_update(doc, segs, add)


def _patch_remove(doc, segs):
    if not segs:
        return UNDEF

    def remove(parent, seg):
        c = parent.__class__
        if c is dict:
            k = obj_key(seg)
            if k not in parent:
                raise _PatchError(f"cannot delete child key {_term(seg)} that does not exist")
            return {kk: v for kk, v in parent.items() if kk != k}
        if c is list:
            i = _array_index(seg, len(parent), False)
            return parent[:i] + parent[i + 1 :]
        if c is Set:
            if seg not in parent:
                raise _PatchError(f"cannot delete child key {_term(seg)} that does not exist")
            return Set(x for x in parent if not _same(x, seg))
        raise _PatchError(f"cannot delete child key {_term(seg)} of {_tn(parent)} term {_term(parent)}")

    return _patch_update(doc, segs, remove)


def _attr(op: dict, name: str):
    v = op.get(name, UNDEF)
    if v is UNDEF:
        raise _PatchError(f"missing required attribute '{name}'")
    return v


def json_patch(doc, patches):
    if patches.__class__ is not list:
        raise type_error("json.patch", 2, "array", patches)
    try:
        for op in patches:
            if op.__class__ is not dict:
                raise _PatchError("must be an array of JSON-Patch objects, but at least one element is not an object")
            kind = _attr(op, "op")
            path = _patch_path(_attr(op, "path"))
            if kind == "add":
                doc = _patch_add(doc, path, _attr(op, "value"))
            elif kind == "remove":
                doc = _patch_remove(doc, path)
            elif kind == "replace":
                value = _attr(op, "value")
                if path:
                    doc = _patch_remove(doc, path)
                doc = _patch_add(doc, path, value)
            elif kind == "move":
                src = _patch_path(_attr(op, "from"))
                if len(path) > len(src) and all(_same(a, b) for a, b in zip(src, path)):
                    raise _PatchError(f"cannot unfold the already deleted composite node for key {_term(src[-1])}")
                value = _patch_get(doc, src)
                doc = _patch_add(_patch_remove(doc, src), path, value)
            elif kind == "copy":
                src = _patch_path(_attr(op, "from"))
                doc = _patch_add(doc, path, _patch_get(doc, src))
            elif kind == "test":
                want = _attr(op, "value")
                found = _patch_get(doc, path)
                if not _same(found, want):
                    raise _PatchError(
                        f"value from EditTree != patch value.\n\nExpected: {_term(want)}\n\nFound: {_term(found)}"
                    )
            else:
                raise _PatchError(f"unrecognized op: '{kind if kind.__class__ is str else _term(kind)}'")
    except _PatchError as exc:
        raise BuiltinError(f"json.patch: {exc}") from None
    return doc


FUNCTIONS = {
    "json.patch": (json_patch, 2),
    "json.marshal": (marshal, 1),
    "json.marshal_with_options": (marshal_with_options, 2),
    "json.unmarshal": (unmarshal, 1),
    "json.is_valid": (is_valid, 1),
    "json.filter": (json_filter, 2),
    "json.remove": (json_remove, 2),
}
