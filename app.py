"""Likvärdig's Streamlit app: `streamlit run app.py`. Everything it shows lives in `eia.ui`."""

from eia.ui.app import run

run()
