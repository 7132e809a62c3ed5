"""Statement content: the assessment, its score and its context turned into the Statement model.

One module per part of the statement: `summary` (page one), then the annex in order:
`decision` (with screening), `evidence`, `impact` (with perspectives), `alternatives`,
`consultation`, `actions`, `scoring`, `closing`. `source` holds what they all read.

`build_statement` is pure (no I/O, no clock): the same inputs give an equal Statement, so a
statement can be rebuilt and compared at any time. Every word is final text in one language;
the PDF, Word and Markdown renderers only draw it. User text is carried as typed (the renderers
escape it); only page one shortens it, and the annex always holds it in full.

Page one must fit one A4 page, so its lists are cut (see the caps below) and what is left out is
counted in `Summary.more`. Nothing the officer answered is dropped from the annex: unanswered
required questions are listed by their text, every flag with its full reason.
"""

from eia.statement.content.build import build_statement

__all__ = ["build_statement"]
