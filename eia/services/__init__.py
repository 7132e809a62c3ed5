"""What every face calls: the CLI, the app and any later one go through here, never the store.

- `assessments.AssessmentService`: create, read, update a part, the workflow, the review
  (judgements per step, replies), attachments, the diff of two revisions, follow-up, lists;
- `diff`, `completeness`, `attachments`: the pure parts of those (what changed between two
  revisions; what is unanswered or "don't know"; what a file really is);
- `scoring`: score an assessment with the context figures for its areas, and explain it;
- `statements`: make, render and verify the impact statement;
- `worklists`: the start page's lists (my drafts, returned to me, waiting for my review,
  follow-up due).
Every call takes the acting user; who may do what is checked by `eia.workflow` before anything
is read for them or written.
"""
