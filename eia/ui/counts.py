"""A count per kind, drawn the one way the app draws counts: a bar chart with its title, and
the same numbers as a table beside it (the chart's alternative for a screen reader)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def bars_with_table(title: str, table: pd.DataFrame) -> None:
    """`table` has two columns, what and how many."""
    what, count = table.columns
    chart = alt.Chart(table, title=title).mark_bar().encode(
        x=alt.X(f"{count}:Q", title=count, axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y(f"{what}:N", title=what, sort="-x"),
        tooltip=[what, count])
    left, right = st.columns(2)
    left.altair_chart(chart, width="stretch")
    right.dataframe(table, hide_index=True, width="stretch")
