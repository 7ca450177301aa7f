"""Where a fact was read from, so every finding can quote the exact source text."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

_new = object.__new__
#: The setters of the slots every pydantic model has: called directly, they skip the attribute
#: lookup by name that `object.__setattr__` makes (a report builds and unpickles hundreds of models).
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def restore(cls: type[BaseModel], values: dict, fields_set: set, extra: dict | None,
             private: dict | None) -> BaseModel:
    """A model instance from its field values, as pydantic's own __setstate__ restores one, in one
    call instead of three, and without validation: for unpickling, and for the extractor's hot
    paths that build spans, figures and texts from values it has just made and checked (tests in
    tests/extract/test_fast_paths.py and the helpers' field-by-field comparison keep these equal to
    validated ones)."""
    obj = _new(cls)
    _set_dict(obj, values)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, extra)
    _set_private(obj, private)
    return obj


class _FastPickle:
    """Pickling for the model's many small objects (a report has hundreds of spans): parallel
    runs send every report back to the parent process when corpus rules need it, and pydantic's
    generic __getstate__/__setstate__ made that transfer cost half as much as loading the file.
    The restored object is equal to the original, field set and extras included."""

    def __reduce__(self):
        return (restore, (type(self), self.__dict__, self.__pydantic_fields_set__,
                           self.__pydantic_extra__, self.__pydantic_private__))


class Span(_FastPickle, BaseModel):
    """A range in the linted file: 1-based line/column, end exclusive, plus the text it covers.

    For text and YAML files line/column are real positions; for .docx/.xlsx, `line` counts the
    document's blocks (paragraphs and table cells in reading order) and `location` names the
    paragraph or cell (`表2 第3行 第4列`) so the finding still points at something a person can find.
    """

    model_config = ConfigDict(frozen=True)

    line: int
    column: int
    end_line: int
    end_column: int
    quote: str
    offset: int | None = None
    end_offset: int | None = None
    location: str | None = None

    def slice(self, start: int, end: int) -> Span:
        """The span of `self.quote[start:end]`: its line, column and offsets, same location.

        The one sub-span of the model: a range of a *located text* maps into its quote first
        (`perflint.analysis.spans.locate`), then lands here."""
        line, column, end_line, end_column, quote, offset, end_offset = self.slice_values(start, end)
        # built without re-validation: every field is derived from an already valid span (as
        # `model_construct` with every field given would build it, at a third of the cost)
        return restore(Span, {"line": line, "column": column, "end_line": end_line, "end_column": end_column,
                              "quote": quote, "offset": offset, "end_offset": end_offset,
                              "location": self.location}, set(_SPAN_FIELDS), None, None)

    def slice_values(self, start: int, end: int) -> tuple[int, int, int, int, str, int | None, int | None]:
        """`slice`'s fields but the location, as plain values (line, column, end line, end
        column, quote, offset, end offset): for a caller that keeps places, not Spans."""
        quote = self.quote
        line = self.line + quote.count("\n", 0, start)
        newline = quote.rfind("\n", 0, start)
        column = self.column + start if newline < 0 else start - newline
        end_line = line + quote.count("\n", start, end)
        end_newline = quote.rfind("\n", 0, end)
        end_column = self.column + end if end_newline < 0 else end - end_newline
        offset = self.offset
        return (line, column, end_line, end_column, quote[start:end],
                None if offset is None else offset + start, None if offset is None else offset + end)


_SPAN_FIELDS = frozenset(Span.model_fields)


class LocatedStr(str):
    """A string read from a source file that remembers its span (the loaders produce these)."""

    span: Span | None

    def __new__(cls, value: str, span: Span | None = None) -> LocatedStr:
        obj = super().__new__(cls, value)
        obj.span = span
        return obj


class LocatedDict(dict):
    """A mapping read from a source file that remembers its span."""

    span: Span | None = None


class LocatedList(list):
    """A sequence read from a source file that remembers its span."""

    span: Span | None = None


class Located(_FastPickle, BaseModel):
    """Base for every model element that can be pointed at in the source.

    When validated from loader output (LocatedDict), the element's span is taken from the
    mapping itself unless the data names one explicitly.
    """

    model_config = ConfigDict(extra="forbid")

    span: Span | None = None

    @model_validator(mode="before")
    @classmethod
    def _take_span_from_source(cls, data: Any) -> Any:
        span = getattr(data, "span", None)
        if isinstance(data, dict) and span is not None and "span" not in data:
            data = dict(data)
            data["span"] = span
        return data
