"""Attachments in the app: an upload on the evidence and consultation steps, kept through the
service (which checks the name, size and content, and refuses with a reason), and the list of
attachments with name, type, size and a download."""

from __future__ import annotations

import streamlit as st

from eia import settings
from eia.errors import EiaError
from eia.model import Attachment, Step
from eia.services.attachments import MEDIA_TYPES, SUFFIXES, AttachmentRefusedError
from eia.ui import flash, texts
from eia.ui.opened import when
from eia.ui.safe import md
from eia.ui.session import DOC_KEY, Doc, lang, service, tr, user

STEPS = (Step.evidence, Step.consultation)
"""The wizard steps that take attachments: minutes of a consultation, a data file, a photo."""
ACCEPTED = [suffix.lstrip(".") for suffixes in SUFFIXES.values() for suffix in suffixes]
DROPZONE_FIX = """<script>
if (!window.eiaDropzoneFix) {
  window.eiaDropzoneFix = true;
  const fix = () => document.querySelectorAll(
      '[data-testid=stFileUploaderDropzone][role=presentation][aria-label]')
    .forEach(zone => zone.removeAttribute('aria-label'));
  new MutationObserver(fix).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label']});
  fix();
}
</script>"""
"""Streamlit's drop zone is a `<section role="presentation">` with an `aria-label`, which makes
it a named region marked as presentational: axe's presentation-role-conflict (seen on the
evidence and consultation steps). The label is the upload button's and the field's already, so
it is taken off the drop zone. The script holds no user text."""


def size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{max(count // 1000, 1)} kB"


def section(step: Step, disabled: bool) -> None:
    """The step's attachments and, while the assessment is editable, an upload."""
    doc: Doc = st.session_state[DOC_KEY]
    st.markdown(f"#### {tr(texts.ATTACHMENTS)}")
    listing([a for a in doc.assessment.attachments if a.step is step], f"step:{step.value}")
    if disabled:
        return
    try:
        limit = settings.max_attachment_bytes()
    except EiaError as error:  # a misconfigured limit is named, never read as "no limit"
        st.error(str(error))
        return
    st.html(DROPZONE_FIX, unsafe_allow_javascript=True)
    slot = f"attach:{step.value}"
    flash.show(slot)
    generation = st.session_state.setdefault(f"{slot}:n", 0)
    key = f"upload:{doc.id}:{step.value}:{generation}"
    st.file_uploader(tr(texts.UPLOAD), type=ACCEPTED, key=key, help=tr(texts.UPLOAD_HELP),
                     max_upload_size=max(1, -(-limit // 1_000_000)),
                     on_change=_upload, args=(key, step, slot))


def _upload(key: str, step: Step, slot: str) -> None:
    """Keep the chosen file; then a fresh (empty) upload field, and the outcome said once."""
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    doc: Doc = st.session_state[DOC_KEY]
    name = md(uploaded.name)
    try:
        doc.assessment = service().attach(user(), doc.id, uploaded.getvalue(), uploaded.name,
                                          step=step, expected_revision=doc.assessment.revision)
    except AttachmentRefusedError as error:
        reason = texts.REFUSAL_REASONS.get(error.code)
        flash.later("error", tr(texts.ATTACH_REFUSED, name=name,
                                reason=tr(reason) if reason else md(str(error))), slot)
    except EiaError as error:
        flash.later("error", tr(texts.ATTACH_REFUSED, name=name, reason=md(str(error))), slot)
    else:
        flash.later("success", tr(texts.ATTACHED, name=name), slot)
    st.session_state[f"{slot}:n"] += 1


def listing(attachments: list[Attachment], place: str) -> None:
    """Each attachment with its facts and a download of the bytes as kept."""
    if not attachments:
        st.markdown(tr(texts.NO_ATTACHMENTS))
        return
    doc: Doc = st.session_state[DOC_KEY]
    language = lang()
    for attachment in attachments:
        facts, download = st.columns([3, 1])
        with facts:
            st.markdown(tr(texts.ATTACHMENT_LINE, name=md(attachment.name),
                           type=attachment.type.label(language), size=size(attachment.size),
                           who=md(attachment.by.name),
                           when=when(attachment.at)))
        with download:
            st.download_button(
                tr(texts.DOWNLOAD_FILE, name=md(attachment.name)),
                data=lambda sha=attachment.sha256: service().attachment(user(), doc.id, sha)[1],
                file_name=attachment.name, mime=MEDIA_TYPES[attachment.type],
                key=f"attachment:{place}:{attachment.sha256[:16]}", on_click="ignore")
