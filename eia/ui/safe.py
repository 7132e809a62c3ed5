"""Officer text shown inside the app's Markdown: shown as typed, never as markup.

Streamlit reads Markdown and its own directives (`:red[...]`, `:material/icon:`) in every
`st.markdown` and every label, so a title or a reason with `*`, `#`, `[` or `:` in it would be
drawn as something else. The statement's Markdown escaping covers the first; a colon is escaped
here for the second.
"""

from __future__ import annotations

from eia.statement.markdown import inline


def md(text: str) -> str:
    """User text as literal inline Markdown for a Streamlit element or label."""
    return inline(text).replace(":", "\\:")
