"""PyYAML's scanner with libyaml's rules where they differ, for yamlb
(go-yaml v2 is a port of libyaml; OPA reads YAML with it)."""

from __future__ import annotations

import yaml as _pyyaml

# ------------------------------------------------- libyaml's scanner where PyYAML's differs


class _LibyamlLoader(_pyyaml.SafeLoader):
    """PyYAML's scanner with libyaml's (go-yaml v2's) rules where they differ:
    tabs separate tokens in flow context and where no simple key may start
    (``a:\tb``), a BOM is skipped at the start of any line, an unknown
    directive is an error, ``%YAML`` must be 1.1, and an escape may not
    name a surrogate or a code point past U+10FFFF."""

    def scan_to_next_token(self):
        while True:
            if self.column == 0 and self.peek() == "\ufeff":
                self.forward()
            while True:
                ch = self.peek()
                if ch == " " or (ch == "\t" and (self.flow_level or not self.allow_simple_key)):
                    self.forward()
                else:
                    break
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_plain(self):
        """libyaml's yaml_parser_scan_plain_scalar: tabs are blanks, and in
        flow context any of ``,?[]{}`` ends the scalar while ``:`` ends it only
        before a blank."""
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        leading_blanks = False
        leading_break = ""
        trailing_breaks: list[str] = []
        whitespaces: list[str] = []
        blankz = "\0 \t\r\n\x85\u2028\u2029"
        breaks = "\r\n\x85\u2028\u2029"
        while True:
            if self.column == 0 and self.prefix(3) in ("---", "...") and self.peek(3) in blankz:
                break
            if self.peek() == "#":
                break
            while self.peek() not in blankz:
                ch = self.peek()
                if (ch == ":" and self.peek(1) in blankz) or (self.flow_level and ch in ",?[]{}"):
                    break
                if leading_blanks or whitespaces:
                    if leading_blanks:
                        if leading_break == "\n":
                            chunks.append("".join(trailing_breaks) if trailing_breaks else " ")
                        else:
                            chunks.append(leading_break)
                            chunks.extend(trailing_breaks)
                        trailing_breaks, leading_break, leading_blanks = [], "", False
                    else:
                        chunks.extend(whitespaces)
                        whitespaces = []
                chunks.append(ch)
                self.forward()
                end_mark = self.get_mark()
            ch = self.peek()
            if not (ch in " \t" or ch in breaks):
                break
            while ch in " \t" or ch in breaks:
                if ch in " \t":
                    if leading_blanks and self.column < indent and ch == "\t":
                        raise _pyyaml.scanner.ScannerError(
                            "while scanning a plain scalar",
                            start_mark,
                            "found a tab character that violates indentation",
                            self.get_mark(),
                        )
                    if not leading_blanks:
                        whitespaces.append(ch)
                    self.forward()
                else:
                    if not leading_blanks:
                        whitespaces = []
                        leading_break = self.scan_line_break()
                        leading_blanks = True
                    else:
                        trailing_breaks.append(self.scan_line_break())
                ch = self.peek()
            if not self.flow_level and self.column < indent:
                break
        if leading_blanks:
            self.allow_simple_key = True
        return _pyyaml.tokens.ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_block_scalar_indicators(self, start_mark):
        """PyYAML's, without its check of the next character: libyaml lets
        the header's ignored line (blanks, a comment) decide."""
        peek = self.peek
        try:
            self.peek = lambda index=0: " " if index == 0 and peek(0) in "\t#" else peek(index)
            return super().scan_block_scalar_indicators(start_mark)
        finally:
            del self.peek

    def scan_block_scalar_ignored_line(self, start_mark):
        while self.peek() in " \t":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in "\0\r\n\x85\u2028\u2029":
                self.forward()
        if self.peek() not in "\0\r\n\x85\u2028\u2029":
            raise _pyyaml.scanner.ScannerError(
                "while scanning a block scalar",
                start_mark,
                "did not find expected comment or line break",
                self.get_mark(),
            )
        self.scan_line_break()

    # go-yaml v2.4 indexes simple keys by token number; closing a flow
    # collection in which no simple key was saved drops the index entry of the
    # key saved at its opening bracket (both have that token's number). The
    # key is then not waited for: ``[]a: b`` is the document ``[]`` (the rest
    # is never read), and a ``:`` that would use it makes go-yaml misplace the
    # KEY token (an error). ``_flows`` holds, per open level, its opening
    # token's number and whether a simple key was saved in it.

    def fetch_stream_start(self):
        self._flows: list[list] = []
        self._hidden: set[int] = set()
        super().fetch_stream_start()

    def save_possible_simple_key(self):
        if self.allow_simple_key and self._flows and len(self._flows) == self.flow_level:
            self._flows[-1][1] = True
        super().save_possible_simple_key()

    def fetch_flow_collection_start(self, TokenClass):
        number = self.tokens_taken + len(self.tokens)
        super().fetch_flow_collection_start(TokenClass)
        self._flows.append([number, False])

    def fetch_flow_collection_end(self, TokenClass):
        number, saved = self._flows.pop() if self._flows else (None, True)
        super().fetch_flow_collection_end(TokenClass)
        outer = self.possible_simple_keys.get(self.flow_level)
        if not saved and outer is not None and outer.token_number == number:
            self._hidden.add(id(outer))

    # The possible simple keys are kept in the order they were saved, which is
    # the order of their positions and token numbers (a key saved again at a
    # level is removed first): the stale ones are a prefix and the smallest
    # token number is the first, so both walks stop early (PyYAML's walk every
    # key for every token: quadratic on deep flow nesting).

    def stale_possible_simple_keys(self):
        keys = self.possible_simple_keys
        while keys:
            level = next(iter(keys))
            key = keys[level]
            if key.line == self.line and self.index - key.index <= 1024:
                return
            if key.required:
                raise _pyyaml.scanner.ScannerError(
                    "while scanning a simple key", key.mark, "could not find expected ':'", self.get_mark()
                )
            del keys[level]

    def next_possible_simple_key(self):
        for key in self.possible_simple_keys.values():
            if id(key) not in self._hidden:
                return key.token_number
        return None

    def fetch_value(self):
        key = self.possible_simple_keys.get(self.flow_level)
        if key is None or id(key) not in self._hidden or key.token_number >= self.tokens_taken:
            return super().fetch_value()
        # the key's token was taken already: go-yaml's insertion at a negative
        # position appends KEY (and BLOCK-MAPPING-START) after the queue
        tokens = _pyyaml.tokens
        del self.possible_simple_keys[self.flow_level]
        self.tokens.append(tokens.KeyToken(key.mark, key.mark))
        if not self.flow_level and self.add_indent(key.column):
            self.tokens.append(tokens.BlockMappingStartToken(key.mark, key.mark))
        self.allow_simple_key = not self.flow_level
        start_mark = self.get_mark()
        self.forward()
        self.tokens.append(tokens.ValueToken(start_mark, self.get_mark()))

    def scan_directive_name(self, start_mark):
        name = super().scan_directive_name(start_mark)
        if name not in ("YAML", "TAG"):
            raise _pyyaml.scanner.ScannerError(
                "while scanning a directive", start_mark, "found unknown directive name", self.get_mark()
            )
        return name

    def scan_yaml_directive_value(self, start_mark):
        value = super().scan_yaml_directive_value(start_mark)
        if value != (1, 1):
            raise _pyyaml.parser.ParserError(None, None, "found incompatible YAML document", start_mark)
        return value

    def scan_flow_scalar_non_spaces(self, double, start_mark):
        try:
            chunks = super().scan_flow_scalar_non_spaces(double, start_mark)
        except (ValueError, OverflowError):  # chr() of a code point past U+10FFFF
            chunks = ["\ud800"]
        if double and any("\ud800" <= c <= "\udfff" for chunk in chunks for c in chunk):
            raise _pyyaml.scanner.ScannerError(
                "while parsing a quoted scalar",
                start_mark,
                "found invalid Unicode character escape code",
                self.get_mark(),
            )
        return chunks
